/**
 * What the SQL event store needs from a database: the rows of one append written atomically
 * with the head position, and three reads. Two engines: knex (MySQL/MariaDB, where appends
 * lock the head row) and better-sqlite3 used directly (SQLite, where a synchronous
 * transaction is already serial and knex's per-query overhead would cap appends).
 */
import type { EventMetadata, RecordedEvent } from '../../events/envelope.js';
import { chainEvents, GENESIS_HASH } from '../../events/integrity.js';
import {
  assertExpectedRevision,
  type EventFilter,
  type EventToAppend,
  type ExpectedRevision,
  type ReadStreamOptions,
} from '../event-store.port.js';

export type EventRow = {
  global_position: number | string | bigint;
  stream_id: string;
  revision: number | string | bigint;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  hash: string;
  prev_hash: string;
};

export type StreamTail = { readonly revision: bigint; readonly hash: string } | undefined;

export type SqlEngine = {
  /** Runs `build` with the stream's tail and the head inside one write transaction and stores its rows. */
  readonly append: (
    streamId: string,
    build: (tail: StreamTail, head: bigint) => EventRow[],
  ) => Promise<EventRow[]>;
  readonly readStream: (streamId: string, options: ReadStreamOptions) => Promise<EventRow[]>;
  /** Events after `from`, up to `upTo` when given, in global order. */
  readonly readPage: (
    from: bigint,
    upTo: bigint | undefined,
    limit: number,
    filter?: EventFilter,
  ) => Promise<EventRow[]>;
  readonly head: () => Promise<bigint>;
  readonly close: () => Promise<void>;
};

/** The rows for one append, chained to the stream's tail; throws on a wrong expected revision. */
export function buildRows(
  streamId: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
  tail: StreamTail,
  head: bigint,
): EventRow[] {
  const current = tail === undefined ? -1n : tail.revision;
  assertExpectedRevision(streamId, expected, current);
  return chainEvents(streamId, current + 1n, tail?.hash ?? GENESIS_HASH, events).map((link, i) => ({
    global_position: String(head + 1n + BigInt(i)),
    stream_id: streamId,
    revision: String(current + 1n + BigInt(i)),
    event_id: link.event.metadata.eventId,
    type: link.event.type,
    data: JSON.stringify(link.event.data),
    metadata: JSON.stringify(link.event.metadata),
    hash: link.hash,
    prev_hash: link.prevHash,
  }));
}

export function toRecorded(row: EventRow): RecordedEvent {
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
