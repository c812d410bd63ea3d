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
import type { RecordedEvent } from '../../events/envelope.js';
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

export type SqlEventStore = EventStore & {
  readonly db: Knex;
  /** Calls `listener` after each append made through this handle, with the events as stored. */
  readonly onAppend: (listener: (events: readonly RecordedEvent[]) => void) => void;
  /**
   * Another handle on the same log (the HTTP thread, for a projection thread) has appended
   * `events`: live subscriptions wake now instead of at their next poll, and read them from
   * memory instead of from the database.
   */
  readonly appendedElsewhere: (events: readonly RecordedEvent[]) => void;
};

export async function createSqlEventStore(
  db: Knex,
  options: SqlEventStoreOptions = {},
): Promise<SqlEventStore> {
  await migrateEventStore(db);
  const engine = isMysql(db) ? knexEngine(db) : sqliteEngine(db);
  const appended = new EventEmitter();
  appended.setMaxListeners(0);
  const appendListeners: ((events: readonly RecordedEvent[]) => void)[] = [];
  const readPage = async (from: bigint, upTo: bigint | undefined, limit: number, filter?: EventFilter) =>
    (await engine.readPage(from, upTo, limit, filter)).map(toRecorded);
  const recent = recentEvents(readPage);
  // An append wakes every live subscription at once and each asks for the head: those asking
  // together share one read (any of them asking later gets a new one, so none reads a head
  // from before the append that woke it).
  let headRead: Promise<bigint> | undefined;
  const sharedHead = () =>
    (headRead ??= engine.head().finally(() => {
      headRead = undefined;
    }));

  async function append(
    streamId: string,
    events: readonly EventToAppend[],
    opts: { readonly expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const rows = await engine.append(streamId, (tail, head) =>
      buildRows(streamId, events, opts.expectedRevision ?? 'any', tail, head),
    );
    const recorded = rows.map(toRecorded);
    recent.appended(recorded);
    const last = rows[rows.length - 1]!;
    const result = { nextRevision: BigInt(last.revision), position: BigInt(last.global_position) };
    appended.emit('append', result.position);
    for (const listener of appendListeners) listener(recorded);
    return result;
  }

  return {
    db,
    append,
    onAppend: (listener) => void appendListeners.push(listener),
    appendedElsewhere: (events) => {
      recent.appended(events);
      appended.emit('append');
    },
    readStream: async (streamId, opts = {}) => (await engine.readStream(streamId, opts)).map(toRecorded),
    readAll: (opts = {}) => readPage(opts.from ?? 0n, undefined, opts.limit ?? 1000, opts.filter),
    headPosition: engine.head,
    subscribe: (opts = {}) =>
      sqlSubscription(opts, {
        headPosition: sharedHead,
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
