/**
 * The newest events of the log, decoded once and shared by every live subscription of this
 * process. Each projector subscribes on its own, so without this one append woke a dozen
 * subscriptions that each ran a page query and parsed the same rows; now a subscription at
 * the head is served from memory, filtered here exactly as the SQL filter would, and a
 * single unfiltered read brings in what other processes appended. A subscription further
 * behind than the window (a rebuild, a catch-up) still reads its filtered pages from the
 * database.
 *
 * The window holds a gapless run of positions (start, end]. This process's appends join it
 * when they continue it; one that does not (another process appended in between, or appends
 * that finished out of order) is left out, and the next read fills the gap from the log.
 */
import type { RecordedEvent } from '../../events/envelope.js';
import type { EventFilter } from '../event-store.port.js';

export type ReadPage = (
  from: bigint,
  upTo: bigint,
  limit: number,
  filter?: EventFilter,
) => Promise<RecordedEvent[]>;

export type RecentEvents = {
  /** Offers events just appended here (gapless, in order). */
  readonly appended: (events: readonly RecordedEvent[]) => void;
  /** A page of the live tail: from the window when it can, else through `read`. */
  readonly readPage: ReadPage;
};

/** How many events one read from the log may add to the window. */
const FILL_LIMIT = 1000;

export function recentEvents(read: ReadPage, capacity = 4096): RecentEvents {
  let events: RecordedEvent[] = [];
  /** Position just before events[0], and the last one's; both -1n until the first event is seen. */
  let start = -1n;
  let end = -1n;

  function add(more: readonly RecordedEvent[]): void {
    if (more.length === 0) return;
    if (start === -1n) start = end = more[0]!.position - 1n;
    if (more[0]!.position !== end + 1n) return;
    events.push(...more);
    end = more[more.length - 1]!.position;
    if (events.length > capacity * 2) {
      const drop = events.length - capacity;
      start = events[drop - 1]!.position;
      events = events.slice(drop);
    }
  }

  function page(from: bigint, upTo: bigint, limit: number, filter?: EventFilter): RecordedEvent[] {
    const matches = matcher(filter);
    const out: RecordedEvent[] = [];
    // Positions are gapless, so the event after `from` sits at a known index.
    for (let i = Number(from - start); i < events.length && out.length < limit; i++) {
      const event = events[i]!;
      if (event.position > upTo) break;
      if (matches(event)) out.push(event);
    }
    return out;
  }

  /** One read from the log at a time brings the window up to a head; everyone waiting shares it. */
  let filling: Promise<void> | undefined;
  function fill(upTo: bigint): Promise<void> {
    if (filling !== undefined) return filling;
    const at = end;
    filling = read(at, upTo, FILL_LIMIT)
      .then((fetched) => {
        if (end === at) add(fetched);
      })
      .finally(() => (filling = undefined));
    return filling;
  }

  async function readPage(from: bigint, upTo: bigint, limit: number, filter?: EventFilter) {
    // The window starts with a subscriber at the head, not with one replaying the log.
    if (start === -1n && upTo - from <= FILL_LIMIT) start = end = from;
    if (start === -1n || from < start) return read(from, upTo, limit, filter);
    if (end < upTo) await fill(upTo);
    if (from < start || end < upTo) return read(from, upTo, limit, filter);
    return page(from, upTo, limit, filter);
  }

  return { appended: add, readPage };
}

/** The SQL filter's meaning: a listed type (when types are given) on a stream with a listed prefix (when prefixes are given). */
function matcher(filter: EventFilter | undefined): (event: RecordedEvent) => boolean {
  const types = filter?.eventTypes === undefined ? undefined : new Set(filter.eventTypes);
  const prefixes = filter?.streamPrefixes;
  return (event) =>
    (types === undefined || types.has(event.type)) &&
    (prefixes === undefined || prefixes.some((p) => event.streamId.startsWith(p)));
}
