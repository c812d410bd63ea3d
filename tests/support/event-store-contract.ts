/**
 * The contract every event-store adapter passes (DESIGN.md §5). Each adapter's spec calls
 * `eventStoreContract(name, factory)`. Tests never assume an empty log: they use their own
 * streams and unique event types, and positions relative to what they appended, so the
 * suite also runs against a shared real server.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/events/envelope.js';
import { GENESIS_HASH } from '../../src/events/integrity.js';
import {
  WrongExpectedVersionError,
  type EventStore,
  type Subscription,
} from '../../src/eventstore/event-store.port.js';
import { rawEvent, uniqueStream } from './event-fixtures.js';

export type StoreFactory = () => Promise<{ store: EventStore; cleanup(): Promise<void> }>;

/** Reads a subscription until `done` says so, or fails after the timeout. */
export async function collectUntil(
  subscription: Subscription,
  done: (events: RecordedEvent[], caughtUp: boolean) => boolean,
  timeoutMs = 5000,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let caughtUp = false;
  const timer = setTimeout(() => void subscription.close(), timeoutMs);
  try {
    for await (const item of subscription) {
      if (item.kind === 'event') events.push(item.event);
      else caughtUp = caughtUp || item.caughtUp;
      if (done(events, caughtUp)) return events;
    }
    throw new Error(`subscription ended after ${events.length} events without meeting the condition`);
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
}

const uniqueType = (name: string) => `${name}${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export function eventStoreContract(name: string, factory: StoreFactory): void {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const created = await factory();
      store = created.store;
      cleanup = () => created.cleanup();
    });
    afterAll(async () => {
      await cleanup();
    });

    describe('append and read', () => {
      it('appends to a new stream and reads the events back in order', async () => {
        const stream = uniqueStream();
        const result = await store.append(
          stream,
          [rawEvent('ThingCreated', { n: 1 }), rawEvent('ThingRenamed', { n: 2 })],
          {
            expectedRevision: 'no_stream',
          },
        );
        expect(result.nextRevision).toBe(1n);
        const events = await store.readStream(stream);
        expect(events.map((e) => [e.type, e.revision, e.data])).toEqual([
          ['ThingCreated', 0n, { n: 1 }],
          ['ThingRenamed', 1n, { n: 2 }],
        ]);
        expect(events[1]!.position).toBe(result.position);
        expect(events[0]!.position).toBeLessThan(events[1]!.position);
        expect(events[0]!.streamId).toBe(stream);
      });

      it('keeps metadata and chains each event to the previous one of its stream', async () => {
        const stream = uniqueStream();
        const first = rawEvent('ThingCreated', { n: 1 }, { correlationId: 'corr-1', requestId: 'req-1' });
        await store.append(stream, [first]);
        await store.append(stream, [rawEvent('ThingRenamed', { n: 2 })]);
        const [a, b] = await store.readStream(stream);
        expect(a!.metadata).toMatchObject({
          eventId: first.metadata.eventId,
          correlationId: 'corr-1',
          requestId: 'req-1',
        });
        expect(a!.metadata.prevHash).toBe(GENESIS_HASH);
        expect(a!.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(b!.metadata.prevHash).toBe(a!.metadata.hash);
      });

      it('reads an absent stream as empty', async () => {
        expect(await store.readStream(uniqueStream())).toEqual([]);
      });

      it('reads backwards, from a revision, and up to a count', async () => {
        const stream = uniqueStream();
        await store.append(
          stream,
          [0, 1, 2, 3, 4].map((n) => rawEvent('Counted', { n })),
        );
        const last = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
        expect(last.map((e) => e.data)).toEqual([{ n: 4 }]);
        const middle = await store.readStream(stream, { fromRevision: 1n, maxCount: 2 });
        expect(middle.map((e) => e.revision)).toEqual([1n, 2n]);
        const down = await store.readStream(stream, { fromRevision: 2n, direction: 'backwards' });
        expect(down.map((e) => e.revision)).toEqual([2n, 1n, 0n]);
      });

      it('round-trips unicode and large events unchanged', async () => {
        const stream = uniqueStream();
        const text = 'Zoë Ångström 山田太郎 عبد الله 🚒🧯 \u0000 "quoted" \\ back';
        const big = {
          blob: 'x'.repeat(600_000),
          list: Array.from({ length: 2000 }, (_, i) => ({ i, s: `v${i}` })),
        };
        await store.append(stream, [rawEvent('Unicode', { text }), rawEvent('Large', big)]);
        const [u, l] = await store.readStream(stream);
        expect(u!.data).toEqual({ text });
        expect(l!.data).toEqual(big);
      });
    });

    describe('optimistic concurrency', () => {
      it('accepts the right expected revision and refuses a stale one with the actual revision', async () => {
        const stream = uniqueStream();
        await store.append(stream, [rawEvent('A')], { expectedRevision: 'no_stream' });
        await store.append(stream, [rawEvent('B')], { expectedRevision: 0n });
        const error = await store
          .append(stream, [rawEvent('C')], { expectedRevision: 0n })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId: stream, actual: 1n });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('refuses no_stream on an existing stream and stream_exists on an absent one', async () => {
        const stream = uniqueStream();
        await store.append(stream, [rawEvent('A')]);
        await expect(
          store.append(stream, [rawEvent('B')], { expectedRevision: 'no_stream' }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(
          store.append(uniqueStream(), [rawEvent('B')], { expectedRevision: 'stream_exists' }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
        await expect(
          store.append(uniqueStream(), [rawEvent('B')], { expectedRevision: 3n }),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      });

      it('lets exactly one of many writers with the same expected revision win', async () => {
        const stream = uniqueStream();
        await store.append(stream, [rawEvent('A')]);
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store.append(stream, [rawEvent('B', { i })], { expectedRevision: 0n }),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results.filter((r) => r.status === 'rejected'))
          expect(r.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('keeps every event of concurrent "any" writers, with contiguous revisions and a valid chain', async () => {
        const stream = uniqueStream();
        await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.append(stream, [rawEvent('Tick', { i })])),
        );
        const events = await store.readStream(stream);
        expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
        expect(new Set(events.map((e) => (e.data as { i: number }).i)).size).toBe(20);
        events.slice(1).forEach((e, i) => expect(e.metadata.prevHash).toBe(events[i]!.metadata.hash));
      });
    });

    describe('the global log', () => {
      it('reads all events in global order from an exclusive position, with a limit', async () => {
        const type = uniqueType('Ordered');
        const before = await store.headPosition();
        const s1 = uniqueStream();
        const s2 = uniqueStream();
        await store.append(s1, [rawEvent(type, { n: 1 })]);
        await store.append(s2, [rawEvent(type, { n: 2 }), rawEvent(type, { n: 3 })]);
        await store.append(s1, [rawEvent(type, { n: 4 })]);
        const all = (await store.readAll({ from: before, limit: 1000 })).filter((e) => e.type === type);
        expect(all.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3, 4]);
        const positions = all.map((e) => e.position);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
        const afterFirst = await store.readAll({
          from: all[0]!.position,
          limit: 2,
          filter: { eventTypes: [type] },
        });
        expect(afterFirst.map((e) => (e.data as { n: number }).n)).toEqual([2, 3]);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(all[3]!.position);
      });

      it('filters by event type and by stream prefix', async () => {
        const wanted = uniqueType('Wanted');
        const other = uniqueType('Other');
        const category = uniqueType('cat');
        const before = await store.headPosition();
        await store.append(`${category}-1`, [rawEvent(wanted), rawEvent(other)]);
        await store.append(uniqueStream(), [rawEvent(wanted), rawEvent(other)]);
        const byType = await store.readAll({ from: before, filter: { eventTypes: [wanted] } });
        expect(byType.map((e) => e.type)).toEqual([wanted, wanted]);
        const byPrefix = await store.readAll({ from: before, filter: { streamPrefixes: [`${category}-`] } });
        expect(byPrefix.map((e) => e.type)).toEqual([wanted, other]);
      });
    });

    describe('subscriptions', () => {
      it('delivers history, reports catching up, then delivers live events', async () => {
        const type = uniqueType('Live');
        const before = await store.headPosition();
        const stream = uniqueStream();
        await store.append(stream, [rawEvent(type, { n: 1 }), rawEvent(type, { n: 2 })]);
        const subscription = store.subscribe({ from: before, filter: { eventTypes: [type] } });
        let sawCaughtUpAfterHistory = false;
        const collecting = collectUntil(subscription, (events, caughtUp) => {
          if (caughtUp && events.length === 2) sawCaughtUpAfterHistory = true;
          return events.length === 4;
        });
        await new Promise((r) => setTimeout(r, 100));
        await store.append(stream, [rawEvent(type, { n: 3 })]);
        await store.append(uniqueStream(), [rawEvent(type, { n: 4 })]);
        const events = await collecting;
        expect(events.map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3, 4]);
        expect(sawCaughtUpAfterHistory).toBe(true);
      });

      it('from the end delivers only events appended after it started', async () => {
        const type = uniqueType('FromEnd');
        await store.append(uniqueStream(), [rawEvent(type, { n: 0 })]);
        const subscription = store.subscribe({ from: 'end', filter: { eventTypes: [type] } });
        const collecting = collectUntil(subscription, (events) => events.length === 1);
        await new Promise((r) => setTimeout(r, 100));
        await store.append(uniqueStream(), [rawEvent(type, { n: 1 })]);
        expect((await collecting).map((e) => e.data)).toEqual([{ n: 1 }]);
      });

      it('emits checkpoints that pass filtered-out events, so a consumer can resume after them', async () => {
        const wanted = uniqueType('Kept');
        const before = await store.headPosition();
        await store.append(uniqueStream(), [rawEvent(wanted)]);
        for (let i = 0; i < 5; i++) await store.append(uniqueStream(), [rawEvent(uniqueType('Noise'))]);
        const head = await store.headPosition();
        const subscription = store.subscribe({ from: before, filter: { eventTypes: [wanted] } });
        let checkpoint = 0n;
        const timer = setTimeout(() => void subscription.close(), 5000);
        for await (const item of subscription) {
          if (item.kind === 'checkpoint' && item.caughtUp) {
            checkpoint = item.position;
            break;
          }
        }
        clearTimeout(timer);
        await subscription.close();
        expect(checkpoint).toBeGreaterThanOrEqual(head);
      });

      it('never skips an event while many writers append concurrently', async () => {
        const type = uniqueType('Burst');
        const before = await store.headPosition();
        const writers = 8;
        const perWriter = 25;
        const subscription = store.subscribe({ from: before, filter: { eventTypes: [type] } });
        const collecting = collectUntil(
          subscription,
          (events) => events.length === writers * perWriter,
          20_000,
        );
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let i = 0; i < perWriter; i++)
              await store.append(uniqueStream(), [rawEvent(type, { w, i })]);
          }),
        );
        const seen = await collecting;
        const positions = seen.map((e) => e.position);
        expect(new Set(positions).size).toBe(writers * perWriter);
        expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
        const read = await store.readAll({ from: before, limit: 10_000, filter: { eventTypes: [type] } });
        expect(read.map((e) => e.position)).toEqual(positions);
      });

      it('stops delivering once closed', async () => {
        const subscription = store.subscribe({ from: 'end' });
        await subscription.close();
        const items: unknown[] = [];
        for await (const item of subscription) items.push(item);
        expect(items.filter((i) => (i as { kind: string }).kind === 'event')).toEqual([]);
      });
    });
  });
}
