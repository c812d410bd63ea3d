/**
 * The SQL adapter of the event-store port, on SQLite (embedded default) or MySQL/MariaDB.
 *
 * Global positions are allocated from one head row inside the append transaction. On SQLite
 * the single writer makes that trivially gapless; on MySQL the row lock (SELECT … FOR UPDATE)
 * serialises appends, so positions are gapless and commit in order, and a reader following
 * the log can never skip an event that commits late (DESIGN.md §5).
 */
import type { Knex } from 'knex';
import { EventEmitter } from 'node:events';
import type { EventMetadata, RecordedEvent } from '../../events/envelope.js';
import { chainEvents, GENESIS_HASH } from '../../events/integrity.js';
import {
  assertExpectedRevision,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
} from '../event-store.port.js';
import { EVENTS_TABLE, HEAD_TABLE, migrateEventStore } from './sql-schema.js';
import { sqlSubscription } from './sql-subscription.js';

type EventRow = {
  global_position: number | string;
  stream_id: string;
  revision: number | string;
  type: string;
  data: string;
  metadata: string;
  hash: string;
  prev_hash: string;
};

export type SqlEventStoreOptions = {
  /** How often a live subscription looks for events appended by other processes. */
  readonly pollIntervalMs?: number;
};

export type SqlEventStore = EventStore & {
  /** The head as the given filter-free scan can trust it (everything up to it is committed). */
  readonly db: Knex;
};

export async function createSqlEventStore(
  db: Knex,
  options: SqlEventStoreOptions = {},
): Promise<SqlEventStore> {
  await migrateEventStore(db);
  const mysql = db.client.config.client === 'mysql2';
  const appended = new EventEmitter();
  appended.setMaxListeners(0);

  async function append(
    streamId: string,
    events: readonly EventToAppend[],
    opts: { readonly expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const result = await db.transaction(async (trx) => {
      const headQuery = trx(HEAD_TABLE).select('position').where({ id: 1 });
      const head = await (mysql ? headQuery.forUpdate() : headQuery).first<{ position: number | string }>();
      const last = await trx(EVENTS_TABLE)
        .select('revision', 'hash')
        .where({ stream_id: streamId })
        .orderBy('revision', 'desc')
        .first<{ revision: number | string; hash: string } | undefined>();
      const current = last === undefined ? -1n : BigInt(last.revision);
      assertExpectedRevision(streamId, opts.expectedRevision ?? 'any', current);
      const start = BigInt(head?.position ?? 0);
      const rows = chainEvents(streamId, current + 1n, last?.hash ?? GENESIS_HASH, events).map((link, i) => ({
        global_position: String(start + 1n + BigInt(i)),
        stream_id: streamId,
        revision: String(current + 1n + BigInt(i)),
        event_id: link.event.metadata.eventId,
        type: link.event.type,
        data: JSON.stringify(link.event.data),
        metadata: JSON.stringify(link.event.metadata),
        hash: link.hash,
        prev_hash: link.prevHash,
      }));
      for (let i = 0; i < rows.length; i += 200) await trx(EVENTS_TABLE).insert(rows.slice(i, i + 200));
      const position = start + BigInt(rows.length);
      await trx(HEAD_TABLE)
        .update({ position: String(position) })
        .where({ id: 1 });
      return { nextRevision: current + BigInt(rows.length), position };
    });
    appended.emit('append', result.position);
    return result;
  }

  async function readStream(streamId: string, opts: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = opts.direction === 'backwards';
    const query = db(EVENTS_TABLE)
      .where({ stream_id: streamId })
      .orderBy('revision', backwards ? 'desc' : 'asc');
    if (opts.fromRevision !== undefined)
      void query.where('revision', backwards ? '<=' : '>=', String(opts.fromRevision));
    if (opts.maxCount !== undefined) void query.limit(opts.maxCount);
    return ((await query) as EventRow[]).map(toRecorded);
  }

  async function readAll(opts: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await readPage(opts.from ?? 0n, undefined, opts.limit ?? 1000, opts.filter)).map(toRecorded);
  }

  function readPage(
    from: bigint,
    upTo: bigint | undefined,
    limit: number,
    filter?: EventFilter,
  ): Promise<EventRow[]> {
    const query = db(EVENTS_TABLE)
      .where('global_position', '>', String(from))
      .orderBy('global_position')
      .limit(limit);
    if (upTo !== undefined) void query.where('global_position', '<=', String(upTo));
    if (filter?.eventTypes !== undefined) void query.whereIn('type', filter.eventTypes);
    if (filter?.streamPrefixes !== undefined) {
      const prefixes = filter.streamPrefixes;
      void query.where((q) => {
        for (const prefix of prefixes)
          void q.orWhereRaw('substr(stream_id, 1, ?) = ?', [prefix.length, prefix]);
      });
    }
    return query as unknown as Promise<EventRow[]>;
  }

  async function headPosition(): Promise<bigint> {
    const head = await db(HEAD_TABLE)
      .select('position')
      .where({ id: 1 })
      .first<{ position: number | string }>();
    return BigInt(head?.position ?? 0);
  }

  return {
    db,
    append,
    readStream,
    readAll,
    headPosition,
    subscribe: (opts = {}) =>
      sqlSubscription(opts, {
        headPosition,
        readPage: async (from, upTo, limit, filter) =>
          (await readPage(from, upTo, limit, filter)).map(toRecorded),
        appended,
        pollIntervalMs: options.pollIntervalMs ?? 250,
      }),
    close: async () => {
      appended.emit('close');
      await db.destroy();
    },
  };
}

function toRecorded(row: EventRow): RecordedEvent {
  const metadata = JSON.parse(row.metadata) as EventMetadata;
  return {
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: BigInt(row.global_position),
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: { ...metadata, hash: row.hash, prevHash: row.prev_hash },
  };
}
