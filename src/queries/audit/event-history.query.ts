/**
 * Reads of the log itself for auditors (the one place queries use the event-store port,
 * DESIGN.md §3): events by position, a stream in order, a stream's state as of an instant,
 * and the filtered pages an export walks. Going through the event log means personal
 * fields come opened for these roles, or as ERASED once their subject is erased.
 */
import { actorIdOf } from '../../events/audit/actor-id.js';
import type { RecordedEvent } from '../../events/envelope.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import type { AuditEventFilters } from './audit-events.query.js';

const PAGE = 1000;
/** Positions closer than this are read in one range read rather than one read each. */
const RUN_GAP = 32n;

/** The events at the given positions, in log order (positions the log lacks are left out). */
export async function readEventsAt(log: EventStore, positions: readonly bigint[]): Promise<RecordedEvent[]> {
  const wanted = [...new Set(positions)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const found = new Map<bigint, RecordedEvent>();
  for (const [first, last] of runs(wanted)) {
    for (let from = first - 1n; from < last;) {
      // On EventStoreDB positions are sparse, so the span is only an upper bound of the count.
      const page = await log.readAll({ from, limit: Number(last - from > 1000n ? 1000n : last - from) });
      if (page.length === 0) break;
      for (const event of page) found.set(event.position, event);
      from = page[page.length - 1]!.position;
    }
  }
  return wanted.flatMap((p) => found.get(p) ?? []);
}

function runs(sorted: readonly bigint[]): Array<[bigint, bigint]> {
  const result: Array<[bigint, bigint]> = [];
  for (const position of sorted) {
    const current = result[result.length - 1];
    if (current !== undefined && position - current[1] <= RUN_GAP) current[1] = position;
    else result.push([position, position]);
  }
  return result;
}

/** Up to `limit` events of a stream from `fromRevision` on. */
export function readStreamPage(
  log: EventStore,
  streamId: string,
  fromRevision: bigint,
  limit: number,
): Promise<RecordedEvent[]> {
  return log.readStream(streamId, { fromRevision, maxCount: limit });
}

export type StateAsOf = {
  readonly eventCount: number;
  readonly lastEvent: RecordedEvent | undefined;
  readonly state: unknown;
};

/** Folds a stream's events that occurred at or before `asOf` (the stream's prefix) with `evolve`. */
export async function stateAsOf(
  log: EventStore,
  decider: {
    readonly initialState: unknown;
    readonly evolve: (state: unknown, event: RecordedEvent) => unknown;
  },
  streamId: string,
  asOf: Date,
): Promise<StateAsOf> {
  const limit = asOf.toISOString();
  let state = decider.initialState;
  let lastEvent: RecordedEvent | undefined;
  let eventCount = 0;
  for (let from = 0n; ; from += BigInt(PAGE)) {
    const page = await log.readStream(streamId, { fromRevision: from, maxCount: PAGE });
    for (const event of page) {
      if (new Date(event.metadata.occurredAt).toISOString() > limit) return { eventCount, lastEvent, state };
      state = decider.evolve(state, event);
      lastEvent = event;
      eventCount++;
    }
    if (page.length < PAGE) return { eventCount, lastEvent, state };
  }
}

/** The log's events matching the filters, a page at a time, in order (what an export writes). */
export async function* matchingEventPages(
  log: EventStore,
  filters: AuditEventFilters,
): AsyncGenerator<RecordedEvent[]> {
  const from = filters.from === undefined ? undefined : new Date(filters.from).toISOString();
  const to = filters.to === undefined ? undefined : new Date(filters.to).toISOString();
  const matches = (event: RecordedEvent) => {
    const at = new Date(event.metadata.occurredAt).toISOString();
    return (
      (filters.type === undefined || event.type === filters.type) &&
      (filters.category === undefined || event.streamId.startsWith(`${filters.category}-`)) &&
      (filters.actorId === undefined || actorIdOf(event.metadata.actor) === filters.actorId) &&
      (from === undefined || at >= from) &&
      (to === undefined || at <= to)
    );
  };
  for await (const page of logPages(log, filters)) {
    const kept = page.filter(matches);
    if (kept.length > 0) yield kept;
  }
}

async function* logPages(log: EventStore, filters: AuditEventFilters): AsyncGenerator<RecordedEvent[]> {
  if (filters.stream !== undefined) {
    for (let from = 0n; ; from += BigInt(PAGE)) {
      const page = await log.readStream(filters.stream, { fromRevision: from, maxCount: PAGE });
      yield page;
      if (page.length < PAGE) return;
    }
  }
  const filter = {
    ...(filters.type === undefined ? {} : { eventTypes: [filters.type] }),
    ...(filters.category === undefined ? {} : { streamPrefixes: [`${filters.category}-`] }),
  };
  for (let from = 0n; ;) {
    const page = await log.readAll({ from, limit: PAGE, filter });
    if (page.length === 0) return;
    yield page;
    from = page[page.length - 1]!.position;
  }
}
