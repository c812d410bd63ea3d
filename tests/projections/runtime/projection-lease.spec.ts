import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectionRuntime } from '../../../src/projections/runtime/projection-runtime.js';
import { uniqueStream } from '../../support/event-fixtures.js';
import {
  runtimeFixture,
  thingCounter,
  type RuntimeFixture,
} from '../../support/projection-runtime-fixture.js';

describe('projection runtime: one process per projector', () => {
  let f: RuntimeFixture;
  beforeEach(async () => {
    f = await runtimeFixture();
  });
  afterEach(async () => {
    await f.cleanup();
  });

  const statusOf = async (runtime: ProjectionRuntime) => (await runtime.status())[0]!;

  it('runs a projector in one runtime only; the other stands by and takes over after a stop', async () => {
    const appliedBy = { a: [] as bigint[], b: [] as bigint[] };
    const a = f.runtime({
      ownerId: 'process-a',
      projectors: [thingCounter({ hook: (e) => void appliedBy.a.push(e.position) })],
    });
    const b = f.runtime({
      ownerId: 'process-b',
      projectors: [thingCounter({ hook: (e) => void appliedBy.b.push(e.position) })],
    });
    await a.start();
    await b.start();
    const stream = uniqueStream('thing');
    const first = await f.append(stream, 'ThingHappened', 5);

    expect(await b.waitFor(first, 5000)).toBe(true);
    expect(await statusOf(b)).toMatchObject({ status: 'standby', owner: 'process-a', checkpoint: first });
    expect(await statusOf(a)).toMatchObject({ status: 'live', owner: 'process-a' });
    expect(appliedBy.b).toEqual([]);

    await a.stop();
    await expect.poll(async () => (await statusOf(b)).status).toBe('live');
    expect(await statusOf(a)).toMatchObject({ status: 'standby', owner: 'process-b' });
    const second = await f.append(stream, 'ThingHappened', 3);
    expect(await b.waitFor(second, 5000)).toBe(true);
    expect(await a.waitFor(second, 5000)).toBe(true);
    expect(await f.counts()).toEqual({ [stream]: 8 });
    expect(appliedBy.a).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(appliedBy.b).toEqual([6n, 7n, 8n]);
  });

  it('takes over a lease that expired (its holder died without letting go)', async () => {
    const runtime = f.runtime({ ownerId: 'survivor', projectors: [thingCounter()] });
    await runtime.status();
    await f.db('projection_leases').insert({ name: 'things', owner: 'dead', expires_at: Date.now() + 700 });
    await runtime.start();
    expect(await statusOf(runtime)).toMatchObject({ status: 'standby', owner: 'dead' });
    const head = await f.append(uniqueStream('thing'), 'ThingHappened', 2);
    expect(await runtime.waitFor(head, 100)).toBe(false);
    await expect.poll(async () => (await statusOf(runtime)).status, { timeout: 5000 }).toBe('live');
    expect(await runtime.waitFor(head, 5000)).toBe(true);
  });

  it('gives up, without applying its batch, when another process moved the checkpoint', async () => {
    let arrived = () => undefined as void;
    let release = () => undefined as void;
    const reached = new Promise<void>((r) => (arrived = r));
    const hold = new Promise<void>((r) => (release = r));
    const projector = thingCounter({
      hook: async (event) => {
        if (event.position !== 3n) return;
        arrived();
        await hold;
      },
    });
    const runtime = f.runtime({ ownerId: 'slow', leaseMs: 60_000, projectors: [projector] });
    await runtime.start();
    const stream = uniqueStream('thing');
    expect(await runtime.waitFor(await f.append(stream, 'ThingHappened', 2), 5000)).toBe(true);
    void f.append(stream, 'ThingHappened');
    await reached;

    // Meanwhile its lease ran out and another process took over and applied the event.
    await f
      .observer('projection_leases')
      .where({ name: 'things' })
      .update({ owner: 'fast', expires_at: Date.now() + 60_000 });
    await f.observer('projection_state').where({ name: 'things' }).update({ checkpoint: '3' });
    release();

    await expect.poll(async () => (await statusOf(runtime)).status).toBe('standby');
    expect(await f.counts()).toEqual({ [stream]: 2 });
  });

  it('hands a rebuild asked of a standby process to the process that runs the projector', async () => {
    const a = f.runtime({ ownerId: 'process-a', projectors: [thingCounter()] });
    const b = f.runtime({ ownerId: 'process-b', projectors: [thingCounter()] });
    await a.start();
    await b.start();
    const stream = uniqueStream('thing');
    expect(await a.waitFor(await f.append(stream, 'ThingHappened', 4), 5000)).toBe(true);

    await b.startRebuild('things');
    await expect.poll(async () => (await statusOf(a)).generation, { timeout: 5000 }).toBe(2);
    expect(await f.counts()).toEqual({ [stream]: 4 });
    expect(await statusOf(b)).toMatchObject({ status: 'standby', generation: 2 });
    await expect(b.startRebuild('nope')).rejects.toMatchObject({ code: 'UNKNOWN_PROJECTOR' });
  });
});
