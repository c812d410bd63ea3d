/**
 * The pieces every process (and the projection thread) opens the same way: the read-model
 * database's writable handle, and the event log over the configured store with personal
 * data sealed by the subject keys.
 */
import type { Knex } from 'knex';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { databaseTarget, openDatabase } from '../db/knex-connection.js';
import { eventRegistry } from '../events/all-events.js';
import { createEventLog, type EventLog } from '../eventstore/event-log.js';
import type { EventStore } from '../eventstore/event-store.port.js';
import { createSqlKeyStore, moveSubjectKeys, type KeyStore } from '../eventstore/personal-data/key-store.js';
import { loadMasterKey } from '../eventstore/personal-data/master-key.js';
import { openEventStore } from './event-store.js';

type Stores = Pick<Config, 'eventStoreUrl' | 'databaseUrl' | 'dataDir' | 'masterKey'>;

export const readModelTarget = (config: Pick<Config, 'databaseUrl' | 'dataDir'>) =>
  databaseTarget(config.databaseUrl, join(config.dataDir, 'read.db'));

export const openReadModelDb = (config: Pick<Config, 'databaseUrl' | 'dataDir'>): Knex =>
  openDatabase(readModelTarget(config));

export type SealedLog = {
  readonly store: EventStore;
  readonly masterKey: Buffer;
  readonly keys: KeyStore;
  readonly log: EventLog;
  /** Closes the log and the keys' own database, if they have one. */
  readonly close: () => Promise<void>;
};

/**
 * The log with its key store. On MySQL the keys live in the read-model database (`readDb`).
 * Embedded, they have a SQLite file of their own (`keys.db`): SQLite has one writer per
 * file, and sharing read.db made a new visitor's key wait for the projectors' batches.
 * Keys found in read.db (the layout before) are moved on first open.
 */
export async function openSealedLog(config: Stores, readDb: Knex): Promise<SealedLog> {
  const store = await openEventStore(config);
  const masterKey = loadMasterKey(config.masterKey, config.dataDir);
  const keyDb =
    config.databaseUrl === undefined
      ? openDatabase({ kind: 'sqlite', file: join(config.dataDir, 'keys.db') })
      : readDb;
  const keys = await createSqlKeyStore(keyDb, { masterKey });
  if (keyDb !== readDb) await moveSubjectKeys(readDb, keyDb);
  const log = createEventLog(store, eventRegistry(), keys);
  return {
    store,
    masterKey,
    keys,
    log,
    close: async () => {
      await log.close();
      if (keyDb !== readDb) await keyDb.destroy();
    },
  };
}
