/**
 * Opens the event store the config names: the embedded SQLite file by default, the SQL store
 * on MySQL/MariaDB for `mysql://`, or EventStoreDB for `esdb://` / `kurrentdb://`.
 */
import { join } from 'node:path';
import type { Config } from '../config.js';
import { databaseTarget, openDatabase } from '../db/knex-connection.js';
import type { EventStore } from '../eventstore/event-store.port.js';
import { connectEsdbEventStore } from '../eventstore/esdb/esdb-event-store.js';
import { createSqlEventStore } from '../eventstore/sql/sql-event-store.js';

export async function openEventStore(config: Pick<Config, 'eventStoreUrl' | 'dataDir'>): Promise<EventStore> {
  const url = config.eventStoreUrl;
  if (url !== undefined && /^(esdb|esdb\+discover|kurrentdb|kurrent):\/\//.test(url))
    return connectEsdbEventStore(url);
  return createSqlEventStore(openDatabase(databaseTarget(url, join(config.dataDir, 'events.db'))));
}
