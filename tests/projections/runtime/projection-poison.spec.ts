import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uniqueStream } from '../../support/event-fixtures.js';
import {
  runtimeFixture,
  thingCounter,
  type RuntimeFixture,
} from '../../support/projection-runtime-fixture.js';

describe('projection runtime: failing batches and poison events', () => {
  let f: RuntimeFixture;
  beforeEach(async () => {
    f = await runtimeFixture();
  });
  afterEach(async () => {
    await f.cleanup();
  });

  const statusOf = async (runtime: { status: () => Promise<{ status: string }[]> }) =>
    (await runtime.status())[0]!.status;

  it('commits a batch and its checkpoint together: a failure mid-batch leaves no trace, the retry applies once', async () => {
    const stream = uniqueStream('thing');
    await f.append(stream, 'ThingHappened', 10);
    const seen: bigint[] = [];
    let observed: { counts: Record<string, number>; checkpoint: string } | undefined;
    const projector = thingCounter({
      hook: async (event) => {
        seen.push(event.position);
        if (event.position !== 6n || observed !== undefined) return;
        // What any other reader sees while the failing batch is still open.
        const state = await f.observer('projection_state').where({ name: 'things' }).first();
        observed = { counts: await f.counts(f.observer), checkpoint: String(state.checkpoint) };
        throw new Error('crash in the middle of the batch');
      },
    });
    const runtime = f.runtime({ projectors: [projector] });
    await runtime.start();
    expect(await runtime.waitFor(10n, 5000)).toBe(true);

    expect(observed).toEqual({ counts: {}, checkpoint: '0' });
    expect(seen.slice(0, 6)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    expect(await f.counts()).toEqual({ [stream]: 10 });
    expect(await runtime.parked('things')).toEqual([]);
  });

  it('parks a poison event with its error and goes on; a retry once cured applies it', async () => {
    let cured = false;
    const runtime = f.runtime({ projectors: [thingCounter({ cured: () => cured })] });
    await runtime.start();
    const good = uniqueStream('thing');
    const bad = uniqueStream('thing');
    await f.append(good, 'ThingHappened', 3);
    const poison = await f.append(bad, 'ThingHappened', 1, { poison: true });
    const head = await f.append(good, 'ThingHappened', 2);

    expect(await runtime.waitFor(head, 5000)).toBe(true);
    expect(await f.counts()).toEqual({ [good]: 5 });
    const [parked] = await runtime.parked('things');
    expect(parked).toMatchObject({
      position: poison,
      streamId: bad,
      type: 'ThingHappened',
      error: `thing at ${poison} is poisoned`,
      attempts: 2,
      generation: 1,
    });
    expect(Number.isNaN(Date.parse(parked!.parkedAt))).toBe(false);
    expect((await runtime.status())[0]).toMatchObject({ parkedEvents: 1, checkpoint: head, lagEvents: 0n });

    expect(await runtime.retryParked('things', poison)).toBe(false);
    expect((await runtime.parked('things'))[0]!.attempts).toBe(3);

    cured = true;
    expect(await runtime.retryParked('things', poison)).toBe(true);
    expect(await f.counts()).toEqual({ [good]: 5, [bad]: 1 });
    expect(await runtime.parked('things')).toEqual([]);
    await expect(runtime.retryParked('things', poison)).rejects.toMatchObject({
      code: 'PARKED_EVENT_NOT_FOUND',
    });
  });

  it('finds a poison event inside a large batch and commits every other event of it once', async () => {
    const good = uniqueStream('thing');
    const bad = uniqueStream('thing');
    await f.append(good, 'ThingHappened', 22);
    const poison = await f.append(bad, 'ThingHappened', 1, { poison: true });
    await f.append(good, 'ThingHappened', 17);
    const runtime = f.runtime({ projectors: [thingCounter()] });
    await runtime.start();

    expect(await runtime.waitFor(40n, 5000)).toBe(true);
    expect(await f.counts()).toEqual({ [good]: 39 });
    expect((await runtime.parked('things')).map((p) => p.position)).toEqual([poison]);
  });

  it('keeps event data out of a parked database error', async () => {
    const secret = 'secret-personal-value';
    const projector = thingCounter({
      hook: async (event, ctx) => {
        if ((event.data as { clash?: boolean }).clash !== true) return;
        const row = { stream_id: secret, count: 1, last_position: '0' };
        await ctx.table('thing_counts').insert(row);
        await ctx.table('thing_counts').insert(row);
      },
    });
    const runtime = f.runtime({ projectors: [projector] });
    await runtime.start();
    const head = await f.append(uniqueStream('thing'), 'ThingHappened', 1, { clash: true });
    expect(await runtime.waitFor(head, 5000)).toBe(true);
    const [parked] = await runtime.parked('things');
    expect(parked!.error).not.toContain(secret);
    expect(parked!.error).toMatch(/ER_DUP_ENTRY|SQLITE_CONSTRAINT/);
  });

  it("stops with status failed on a poison event under onPoison: 'stop'", async () => {
    const runtime = f.runtime({ projectors: [thingCounter({ onPoison: 'stop' })] });
    await runtime.start();
    const good = uniqueStream('thing');
    await f.append(good, 'ThingHappened', 2);
    const poison = await f.append(uniqueStream('thing'), 'ThingHappened', 1, { poison: true });
    const head = await f.append(good, 'ThingHappened', 2);

    await expect.poll(() => statusOf(runtime)).toBe('failed');
    expect((await runtime.status())[0]).toMatchObject({
      checkpoint: poison - 1n,
      lagEvents: head - poison + 1n,
    });
    expect(await runtime.waitFor(head, 100)).toBe(false);
    expect(await f.counts()).toEqual({ [good]: 2 });
    expect(await runtime.parked('things')).toEqual([]);
    const state = await f.db('projection_state').where({ name: 'things' }).first();
    expect(state.status).toBe('failed');
  });
});
