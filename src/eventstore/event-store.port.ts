/**
 * The event store port (DESIGN.md §5). Three adapters implement it (SQLite, MySQL, EventStoreDB)
 * and one contract suite (tests/support/event-store-contract.ts) holds them to it.
 *
 * Revisions count from 0 within a stream. Positions are the global log order: strictly
 * increasing bigints; `from` in reads and subscriptions is exclusive, and 0n means "the start".
 */
import type { EventMetadata, RecordedEvent } from '../events/envelope.js';

export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | bigint;

/** Metadata as the writer gives it; the store adds the integrity fields. */
export type AppendMetadata = Omit<EventMetadata, 'hash' | 'prevHash'>;

export type EventToAppend = {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: AppendMetadata;
};

export type AppendResult = {
  /** Revision of the last event written. */
  readonly nextRevision: bigint;
  /** Global position of the last event written. */
  readonly position: bigint;
};

export type ReadStreamOptions = {
  /** Inclusive; defaults to the first (forwards) or last (backwards) event. */
  readonly fromRevision?: bigint;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
};

export type EventFilter = {
  readonly eventTypes?: readonly string[];
  readonly streamPrefixes?: readonly string[];
};

export type ReadAllOptions = {
  /** Exclusive; 0n (the default) reads from the start. */
  readonly from?: bigint;
  readonly limit?: number;
  readonly filter?: EventFilter;
};

export type SubscribeOptions = {
  /** Exclusive position to start after; 'start' = 0n, 'end' = only events appended from now on. */
  readonly from?: bigint | 'start' | 'end';
  readonly filter?: EventFilter;
};

export type SubscriptionItem =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** Everything up to `position` has been delivered (filtered events included): safe to checkpoint. */
  | { readonly kind: 'checkpoint'; readonly position: bigint; readonly caughtUp: boolean };

export type Subscription = AsyncIterable<SubscriptionItem> & {
  close(): Promise<void>;
};

export type EventStore = {
  append(
    streamId: string,
    events: readonly EventToAppend[],
    options?: { readonly expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /** An absent stream reads as []. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the last event in the log (0n when empty). */
  headPosition(): Promise<bigint>;
  subscribe(options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
};

export class WrongExpectedVersionError extends Error {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** Checks an expected revision against the stream's current one (-1n = no stream). */
export function assertExpectedRevision(streamId: string, expected: ExpectedRevision, current: bigint): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === -1n) ||
    (expected === 'stream_exists' && current !== -1n) ||
    expected === current;
  if (!ok) throw new WrongExpectedVersionError(streamId, expected, current === -1n ? 'no_stream' : current);
}

export function matchesFilter(event: { type: string; streamId: string }, filter?: EventFilter): boolean {
  if (filter === undefined) return true;
  if (filter.eventTypes !== undefined && !filter.eventTypes.includes(event.type)) return false;
  if (filter.streamPrefixes !== undefined && !filter.streamPrefixes.some((p) => event.streamId.startsWith(p)))
    return false;
  return true;
}
