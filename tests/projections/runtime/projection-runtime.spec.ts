import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uniqueStream } from '../../support/event-fixtures.js';
import {
  runtimeFixture,
  thingCounter,
  type RuntimeFixture,
} from '../../support/projection-runtime-fixture.js';

describe('projection runtime', () => {
  let f: RuntimeFixture;
  beforeEach(async () => {
    f = await runtimeFixture();
  });
  afterEach(async () => {
    await f.cleanup();
  });

  it('turns history and live events into rows, read through the logical view', async () => {
    const a = uniqueStream('thing');
    const b = uniqueStream('thing');
    await f.append(a, 'ThingHappened', 3);
    const runtime = f.runtime({ projectors: [thingCounter()] });
    await runtime.start();
    const last = await f.append(b, 'ThingHappened', 2);

    expect(await runtime.waitFor(last, 5000)).toBe(true);
    expect(await f.counts()).toEqual({ [a]: 3, [b]: 2 });
    expect(await f.db.schema.hasTable('thing_counts__g1')).toBe(true);
  });

  it('waitFor answers read-your-writes at once, and false when the position is never reached', async () => {
    const runtime = f.runtime({ projectors: [thingCounter()] });
    await runtime.start();
    const stream = uniqueStream('thing');
    for (let i = 1; i <= 5; i += 1) {
      const position = await f.append(stream, 'ThingHappened');
      expect(await runtime.waitFor(position, 5000, ['things'])).toBe(true);
      expect((await f.counts())[stream]).toBe(i);
    }
    const started = Date.now();
    expect(await runtime.waitFor((await f.store.headPosition()) + 10n, 150)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    await expect(runtime.waitFor(1n, 10, ['nope'])).rejects.toMatchObject({ code: 'UNKNOWN_PROJECTOR' });
  });

  it('resumes from its checkpoint after a restart without applying anything twice', async () => {
    const stream = uniqueStream('thing');
    const first = f.runtime({ projectors: [thingCounter()] });
    await first.start();
    expect(await first.waitFor(await f.append(stream, 'ThingHappened', 4), 5000)).toBe(true);
    await first.stop();
    expect((await first.status())[0]!.status).toBe('stopped');

    await f.append(stream, 'ThingHappened', 3);
    const applied: bigint[] = [];
    const second = f.runtime({ projectors: [thingCounter({ hook: (e) => void applied.push(e.position) })] });
    await second.start();
    expect(await second.waitFor(await f.store.headPosition(), 5000)).toBe(true);
    expect(await f.counts()).toEqual({ [stream]: 7 });
    expect(applied).toEqual([5n, 6n, 7n]);
  });

  it('reports checkpoint equal to head and no lag once caught up', async () => {
    await f.append(uniqueStream('thing'), 'ThingHappened', 10);
    const runtime = f.runtime({ projectors: [thingCounter()] });
    await runtime.start();
    const head = await f.store.headPosition();
    expect(await runtime.waitFor(head, 5000)).toBe(true);
    await expect.poll(async () => (await runtime.status())[0]!.status).toBe('live');
    const [status] = await runtime.status();
    expect(status).toMatchObject({
      name: 'things',
      version: 1,
      generation: 1,
      owner: runtime.ownerId,
      checkpoint: head,
      headPosition: head,
      lagEvents: 0n,
      lagMs: 0,
      parkedEvents: 0,
    });
    expect(status!.rebuild).toBeUndefined();
  });

  it('brings lag to 0 when the log ends with events the projector ignores', async () => {
    const runtime = f.runtime({ projectors: [thingCounter()] });
    await runtime.start();
    const stream = uniqueStream('thing');
    await f.append(stream, 'ThingHappened', 2);
    const head = await f.append(uniqueStream('other'), 'OtherThing', 5);
    expect(await runtime.waitFor(head, 5000)).toBe(true);
    const [status] = await runtime.status();
    expect(status).toMatchObject({ checkpoint: head, lagEvents: 0n, lagMs: 0 });
    expect(await f.counts()).toEqual({ [stream]: 2 });
  });

  it('reports lag while behind', async () => {
    const runtime = f.runtime({ projectors: [thingCounter()] });
    await f.append(uniqueStream('thing'), 'ThingHappened', 3);
    const [status] = await runtime.status();
    expect(status).toMatchObject({ status: 'stopped', checkpoint: 0n, headPosition: 3n, lagEvents: 3n });
    expect(status!.lagMs).toBeGreaterThan(0);
  });

  it('applies big histories in batches, through applyBatch when the projector has one', async () => {
    const sizes: number[] = [];
    const projector = thingCounter({
      applyBatch: async (ctx, events) => {
        sizes.push(events.length);
        const rows = new Map<string, number>();
        for (const e of events) rows.set(e.streamId, (rows.get(e.streamId) ?? 0) + 1);
        for (const [stream, n] of rows)
          await ctx
            .table('thing_counts')
            .insert({ stream_id: stream, count: n, last_position: '0' })
            .onConflict('stream_id')
            .merge({ count: ctx.trx.raw('?? + ?', ['count', n]) });
      },
    });
    const stream = uniqueStream('thing');
    for (let i = 0; i < 5; i += 1) await f.append(stream, 'ThingHappened', 500);
    const runtime = f.runtime({ projectors: [projector], batchSize: 300 });
    await runtime.start();
    expect(await runtime.waitFor(2500n, 10_000)).toBe(true);
    expect(await f.counts()).toEqual({ [stream]: 2500 });
    expect(Math.max(...sizes)).toBe(300);
    expect(sizes.length).toBeLessThan(20);
  });

  it('refuses projectors it cannot keep in generations', async () => {
    expect(() => f.runtime({ projectors: [thingCounter(), thingCounter()] })).toThrow(/two projectors/);
    const long = thingCounter({ tables: { ['t'.repeat(56)]: (t) => void t.string('id') } });
    expect(() => f.runtime({ projectors: [long] })).toThrow(/longer than 55/);

    await f.db.schema.createTable('thing_counts', (t) => void t.string('id'));
    const runtime = f.runtime({ projectors: [thingCounter()] });
    await expect(runtime.start()).rejects.toMatchObject({ code: 'INVALID_PROJECTOR' });
    expect((await runtime.status())[0]!.status).toBe('stopped');
  });
});
