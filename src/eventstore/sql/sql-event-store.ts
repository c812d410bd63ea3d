/**
 * The SQL adapter of the event-store port, on SQLite (embedded default) or MySQL/MariaDB.
 *
 * Global positions are allocated from one head row inside the append transaction. On SQLite
 * the single writer makes that trivially gapless; on MySQL the row lock (SELECT … FOR UPDATE)
 * serialises appends, so positions are gapless and commit in order, and a reader following
 * the log can never skip an event that commits late (DESIGN.md §5).
 */
import type { Knex } from 'knex';
import { isMysql } from '../../db/knex-connection.js';
import { EventEmitter } from 'node:events';
import type {
  AppendResult,
  EventFilter,
  EventStore,
  EventToAppend,
  ExpectedRevision,
} from '../event-store.port.js';
import { knexEngine } from './knex-engine.js';
import { buildRows, toRecorded } from './sql-engine.js';
import { recentEvents } from './recent-events.js';
import { migrateEventStore } from './sql-schema.js';
import { sqlSubscription } from './sql-subscription.js';
import { sqliteEngine } from './sqlite-engine.js';

export type SqlEventStoreOptions = {
  /** How often a live subscription looks for events appended by other processes. */
  readonly pollIntervalMs?: number;
};

export type SqlEventStore = EventStore & { readonly db: Knex };

export async function createSqlEventStore(
  db: Knex,
  options: SqlEventStoreOptions = {},
): Promise<SqlEventStore> {
  await migrateEventStore(db);
  const engine = isMysql(db) ? knexEngine(db) : sqliteEngine(db);
  const appended = new EventEmitter();
  appended.setMaxListeners(0);
  const readPage = async (from: bigint, upTo: bigint | undefined, limit: number, filter?: EventFilter) =>
    (await engine.readPage(from, upTo, limit, filter)).map(toRecorded);
  const recent = recentEvents(readPage);

  async function append(
    streamId: string,
    events: readonly EventToAppend[],
    opts: { readonly expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const rows = await engine.append(streamId, (tail, head) =>
      buildRows(streamId, events, opts.expectedRevision ?? 'any', tail, head),
    );
    recent.appended(rows.map(toRecorded));
    const last = rows[rows.length - 1]!;
    const result = { nextRevision: BigInt(last.revision), position: BigInt(last.global_position) };
    appended.emit('append', result.position);
    return result;
  }

  return {
    db,
    append,
    readStream: async (streamId, opts = {}) => (await engine.readStream(streamId, opts)).map(toRecorded),
    readAll: (opts = {}) => readPage(opts.from ?? 0n, undefined, opts.limit ?? 1000, opts.filter),
    headPosition: engine.head,
    subscribe: (opts = {}) =>
      sqlSubscription(opts, {
        headPosition: engine.head,
        readPage: recent.readPage,
        appended,
        pollIntervalMs: options.pollIntervalMs ?? 250,
      }),
    close: async () => {
      appended.emit('close');
      await engine.close();
    },
  };
}
