import { describe, expect, it } from 'vitest';
import { figureCache, lowestCheckpoint } from '../../../src/api/reports/figure-cache.js';

describe('figure cache', () => {
  function setup() {
    let position: bigint | undefined = 10n;
    let clock = 0;
    let computed = 0;
    const cache = figureCache({ position: () => position, ttlMs: 1000, maxEntries: 2, now: () => clock });
    const get = (key = 'k') => cache.get(key, () => Promise.resolve(++computed));
    return {
      get,
      move: (to: bigint | undefined) => (position = to),
      tick: (ms: number) => (clock += ms),
      computed: () => computed,
    };
  }

  it('keeps an answer while the read models stay put and within its lifetime', async () => {
    const c = setup();
    expect(await c.get()).toBe(1);
    expect(await c.get()).toBe(1);
    c.move(11n);
    expect(await c.get()).toBe(2);
    c.tick(999);
    expect(await c.get()).toBe(2);
    c.tick(1);
    expect(await c.get()).toBe(3);
  });

  it('keeps nothing while the position is unknown, and at most maxEntries keys', async () => {
    const c = setup();
    c.move(undefined);
    await c.get();
    await c.get();
    expect(c.computed()).toBe(2);
    c.move(1n);
    await c.get('a');
    await c.get('b');
    await c.get('c');
    await c.get('a');
    expect(c.computed()).toBe(6);
  });

  it('shares one computation between concurrent requests and drops a failed one', async () => {
    let runs = 0;
    const cache = figureCache({ position: () => 1n });
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 10));
    expect(await Promise.all([cache.get('x', slow), cache.get('x', slow)])).toEqual([1, 1]);
    await expect(cache.get('y', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('y', () => Promise.resolve(7))).toBe(7);
  });

  it('answers a caller that takes a slightly old answer at once, and computes the new one once', async () => {
    let position = 1n;
    let release: (value: string) => void = () => undefined;
    let runs = 0;
    const cache = figureCache({ position: () => position });
    const slow = () => {
      runs++;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const first = cache.get('k', slow, { staleOk: true });
    release('old');
    expect(await first).toBe('old');
    position = 2n;
    expect(await cache.get('k', slow, { staleOk: true })).toBe('old');
    expect(await cache.get('k', slow, { staleOk: true })).toBe('old');
    expect(runs).toBe(2);
    // A caller that must see its own write waits for the new answer.
    const fresh = cache.get('k', slow);
    release('new');
    expect(await fresh).toBe('new');
    expect(await cache.get('k', slow, { staleOk: true })).toBe('new');
    expect(runs).toBe(2);
  });

  it('takes the lowest checkpoint, unknown when any projector runs elsewhere', () => {
    const at: Record<string, bigint | undefined> = { a: 5n, b: 3n };
    const position = lowestCheckpoint((name) => at[name], ['a', 'b']);
    expect(position()).toBe(3n);
    at.b = undefined;
    expect(position()).toBeUndefined();
  });
});
