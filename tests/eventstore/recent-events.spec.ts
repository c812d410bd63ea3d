import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/events/envelope.js';
import type { EventFilter } from '../../src/eventstore/event-store.port.js';
import { recentEvents } from '../../src/eventstore/sql/recent-events.js';

const TYPES = ['A', 'B', 'C'];
const STREAMS = ['visit-1', 'visitToken-2', 'user-3'];

function event(position: number): RecordedEvent {
  return {
    streamId: STREAMS[position % 3]!,
    revision: 0n,
    position: BigInt(position),
    type: TYPES[position % TYPES.length === 0 ? 0 : (position * 7) % 3]!,
    data: { position },
    metadata: { eventId: `e${position}`, occurredAt: '', schemaVersion: 1 } as never,
  };
}

/** The log as the database would answer: every event up to `head`, filtered like the SQL. */
function fakeLog(head: { value: number }) {
  const calls: { from: bigint; filtered: boolean }[] = [];
  const read = (from: bigint, upTo: bigint | undefined, limit: number, filter?: EventFilter) => {
    calls.push({ from, filtered: filter !== undefined });
    const out: RecordedEvent[] = [];
    for (let p = Number(from) + 1; p <= Math.min(head.value, Number(upTo ?? head.value)); p++) {
      const e = event(p);
      if (filter?.eventTypes !== undefined && !filter.eventTypes.includes(e.type)) continue;
      if (
        filter?.streamPrefixes !== undefined &&
        !filter.streamPrefixes.some((s) => e.streamId.startsWith(s))
      )
        continue;
      out.push(e);
      if (out.length === limit) break;
    }
    return Promise.resolve(out);
  };
  return { read, calls };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => event(from + i));
const positions = (events: readonly RecordedEvent[]) => events.map((e) => Number(e.position));

describe('recent events window', () => {
  const filters: (EventFilter | undefined)[] = [
    undefined,
    { eventTypes: ['A'] },
    { eventTypes: ['B', 'C'] },
    { eventTypes: [] },
    { streamPrefixes: ['visit'] },
    { streamPrefixes: [] },
    { eventTypes: ['A', 'C'], streamPrefixes: ['visitToken-', 'user-'] },
  ];

  it('serves live pages from memory, filtered exactly as the log filters them', async () => {
    const head = { value: 100 };
    const log = fakeLog(head);
    const recent = recentEvents(log.read);
    await recent.readPage(100n, 100n, 1000);
    recent.appended(range(101, 160));
    head.value = 160;
    log.calls.length = 0;
    for (const filter of filters)
      for (const [from, limit] of [
        [100, 1000],
        [130, 1000],
        [100, 5],
        [159, 1000],
        [160, 1000],
      ] as const) {
        const expected = await fakeLog(head).read(BigInt(from), 160n, limit, filter);
        expect(positions(await recent.readPage(BigInt(from), 160n, limit, filter))).toEqual(
          positions(expected),
        );
      }
    expect(log.calls).toEqual([]);
  });

  it('shares one read of what another process appended among every waiting subscriber', async () => {
    const head = { value: 10 };
    const log = fakeLog(head);
    const recent = recentEvents(log.read);
    await recent.readPage(10n, 10n, 1000);
    head.value = 50; // appended elsewhere: this process never saw these appends
    log.calls.length = 0;
    const pages = await Promise.all(filters.map((filter) => recent.readPage(10n, 50n, 1000, filter)));
    expect(log.calls).toEqual([{ from: 10n, filtered: false }]);
    for (const [i, filter] of filters.entries())
      expect(positions(pages[i]!)).toEqual(positions(await fakeLog(head).read(10n, 50n, 1000, filter)));
  });

  it('leaves out an append that does not continue it, and fills the gap from the log', async () => {
    const head = { value: 20 };
    const log = fakeLog(head);
    const recent = recentEvents(log.read);
    await recent.readPage(20n, 20n, 1000);
    recent.appended(range(25, 26)); // 21–24 came from another process
    head.value = 26;
    log.calls.length = 0;
    expect(positions(await recent.readPage(20n, 26n, 1000))).toEqual([21, 22, 23, 24, 25, 26]);
    expect(log.calls).toHaveLength(1);
  });

  it('sends a subscriber behind the window to the log with its own filter', async () => {
    const head = { value: 20_000 };
    const log = fakeLog(head);
    const recent = recentEvents(log.read, 100);
    await recent.readPage(20_000n, 20_000n, 1000);
    recent.appended(range(20_001, 20_500));
    head.value = 20_500;
    log.calls.length = 0;
    const page = await recent.readPage(0n, 20_500n, 10, { eventTypes: ['B'] });
    expect(positions(page)).toEqual(
      positions(await fakeLog(head).read(0n, 20_500n, 10, { eventTypes: ['B'] })),
    );
    expect(log.calls).toEqual([{ from: 0n, filtered: true }]);
    // The window keeps at most twice its capacity, and still serves its newest events.
    log.calls.length = 0;
    expect(positions(await recent.readPage(20_450n, 20_500n, 1000))).toEqual(
      positions(range(20_451, 20_500)),
    );
    expect(log.calls).toEqual([]);
  });

  it('does not start with a subscriber replaying the log from far behind', async () => {
    const head = { value: 5000 };
    const log = fakeLog(head);
    const recent = recentEvents(log.read);
    await recent.readPage(0n, 5000n, 1000, { eventTypes: ['A'] });
    expect(log.calls).toEqual([{ from: 0n, filtered: true }]);
  });
});
