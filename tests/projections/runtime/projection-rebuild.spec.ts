import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RebuildProgress } from '../../../src/projections/runtime/rebuild-job.js';
import { uniqueStream } from '../../support/event-fixtures.js';
import {
  gatedStore,
  runtimeFixture,
  thingCounter,
  type RuntimeFixture,
} from '../../support/projection-runtime-fixture.js';

describe('projection runtime: rebuilds', () => {
  let f: RuntimeFixture;
  beforeEach(async () => {
    f = await runtimeFixture();
  });
  afterEach(async () => {
    await f.cleanup();
  });

  const streams = async (n: number, events: number) => {
    const names = Array.from({ length: n }, () => uniqueStream('thing'));
    for (const name of names) await f.append(name, 'ThingHappened', events);
    return names;
  };
  const tableExists = (name: string) => f.db.schema.hasTable(name);

  it('rebuilds into a new generation while the old one serves and stays live, then switches', async () => {
    const gated = gatedStore(f.store);
    const [a, b, c] = await streams(3, 20);
    const runtime = f.runtime({ store: gated.store, projectors: [thingCounter()], batchSize: 10 });
    await runtime.start();
    expect(await runtime.waitFor(60n, 5000)).toBe(true);
    const before = await f.counts();

    const gate = gated.holdNextReplay(25);
    const progress: RebuildProgress[] = [];
    const done = runtime.rebuild('things', (p) => progress.push(p));
    await gate.reached;

    const [during] = await runtime.status();
    expect(during).toMatchObject({ status: 'rebuilding', generation: 1, checkpoint: 60n });
    expect(during!.rebuild).toMatchObject({ generation: 2, target: 60n });
    expect(during!.rebuild!.checkpoint).toBeLessThan(60n);
    expect(await f.counts()).toEqual(before);
    expect(await tableExists('thing_counts__g2')).toBe(true);
    // The serving generation keeps following the log.
    expect(await runtime.waitFor(await f.append(a!, 'ThingHappened', 5), 5000)).toBe(true);
    expect((await f.counts())[a!]).toBe(25);

    gate.release();
    const result = await done;
    expect(result).toMatchObject({ name: 'things', generation: 2, version: 1 });
    expect(result.checkpoint).toBeGreaterThanOrEqual(65n);
    expect(await tableExists('thing_counts__g1')).toBe(false);
    expect(await f.counts()).toEqual({ [a!]: 25, [b!]: 20, [c!]: 20 });
    expect(progress.at(-1)).toMatchObject({ generation: 2, target: 60n, caughtUp: true });
    const checkpoints = progress.map((p) => p.checkpoint);
    expect(checkpoints).toEqual([...checkpoints].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));

    expect(await runtime.waitFor(await f.append(b!, 'ThingHappened', 1), 5000)).toBe(true);
    expect(await f.counts()).toEqual({ [a!]: 25, [b!]: 21, [c!]: 20 });
    const [after] = await runtime.status();
    expect(after).toMatchObject({ generation: 2, lagEvents: 0n, parkedEvents: 0 });
    expect(after!.rebuild).toBeUndefined();
  });

  it('rebuilds at start when the version changed, the old tables serving frozen until the switch', async () => {
    const [a] = await streams(1, 30);
    const first = f.runtime({ projectors: [thingCounter()] });
    await first.start();
    expect(await first.waitFor(30n, 5000)).toBe(true);
    await first.stop();
    await f.append(a!, 'ThingHappened', 5);

    const gated = gatedStore(f.store);
    const gate = gated.holdNextReplay(10);
    const second = f.runtime({ store: gated.store, projectors: [thingCounter({ version: 2 })] });
    await second.start();
    await gate.reached;
    expect((await second.status())[0]).toMatchObject({ status: 'rebuilding', version: 1, generation: 1 });
    // The new code must not write into tables the old version built.
    expect(await f.counts()).toEqual({ [a!]: 30 });
    expect(await second.waitFor(35n, 100)).toBe(false);

    gate.release();
    expect(await second.rebuild('things')).toMatchObject({ generation: 2, version: 2 });
    expect(await second.waitFor(35n, 5000)).toBe(true);
    expect(await f.counts()).toEqual({ [a!]: 35 });
    expect(await tableExists('thing_counts__g1')).toBe(false);
    expect((await second.status())[0]).toMatchObject({ version: 2, generation: 2 });
  });

  it('resumes an interrupted rebuild from its checkpoint at the next start', async () => {
    const [a, b] = await streams(2, 20);
    const gated = gatedStore(f.store);
    const first = f.runtime({ store: gated.store, projectors: [thingCounter()], batchSize: 5 });
    await first.start();
    expect(await first.waitFor(40n, 5000)).toBe(true);
    const gate = gated.holdNextReplay(12);
    const interrupted = expect(first.rebuild('things')).rejects.toMatchObject({
      code: 'REBUILD_INTERRUPTED',
    });
    await gate.reached;
    await first.stop();
    await interrupted;
    const state = await f.db('projection_state').where({ name: 'things' }).first();
    expect(Number(state.rebuild_generation)).toBe(2);
    expect(Number(state.rebuild_checkpoint)).toBeGreaterThan(0);

    const second = f.runtime({ projectors: [thingCounter()] });
    await second.start();
    expect(await second.rebuild('things')).toMatchObject({ generation: 2 });
    expect(await f.counts()).toEqual({ [a!]: 20, [b!]: 20 });
  });

  it('abandons a rebuild that meets a poison event under the stop policy, and keeps serving', async () => {
    const [a] = await streams(1, 5);
    let poisonNow = false;
    const projector = thingCounter({
      onPoison: 'stop',
      hook: (event) => {
        if (poisonNow && event.position === 3n) throw new Error('new code fails on old event');
      },
    });
    const runtime = f.runtime({ projectors: [projector] });
    await runtime.start();
    expect(await runtime.waitFor(5n, 5000)).toBe(true);
    poisonNow = true;
    await expect(runtime.rebuild('things')).rejects.toMatchObject({ code: 'REBUILD_FAILED' });
    expect(await tableExists('thing_counts__g2')).toBe(false);
    poisonNow = false;
    expect(await runtime.waitFor(await f.append(a!, 'ThingHappened'), 5000)).toBe(true);
    expect(await f.counts()).toEqual({ [a!]: 6 });
    expect((await runtime.status())[0]).toMatchObject({ status: 'live', generation: 1 });
    expect((await runtime.status())[0]!.rebuild).toBeUndefined();
  });

  it('refuses a rebuild in a process that does not run the projector', async () => {
    const runtime = f.runtime({ projectors: [thingCounter()] });
    await expect(runtime.rebuild('things')).rejects.toMatchObject({ code: 'PROJECTOR_NOT_OWNED' });
    await expect(runtime.rebuild('nope')).rejects.toMatchObject({ code: 'UNKNOWN_PROJECTOR' });
  });
});
