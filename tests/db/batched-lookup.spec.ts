import { describe, expect, it } from 'vitest';
import { batchedLookup } from '../../src/db/batched-lookup.js';

describe('batched lookup', () => {
  it('asks once per turn for the distinct keys, and fails every caller of a failing turn', async () => {
    const asked: string[][] = [];
    let fail = false;
    const lookup = batchedLookup<string, number>((keys) => {
      asked.push([...keys]);
      if (fail) return Promise.reject(new Error('database away'));
      return Promise.resolve(new Map(keys.filter((k) => k !== 'none').map((k) => [k, k.length])));
    });
    expect(await Promise.all([lookup('a'), lookup('bbb'), lookup('a'), lookup('none')])).toEqual([
      1,
      3,
      1,
      undefined,
    ]);
    expect(asked).toEqual([['a', 'bbb', 'none']]);
    expect(await lookup('cc')).toBe(2);
    expect(asked).toHaveLength(2);
    fail = true;
    const failing = [lookup('x'), lookup('y')];
    await expect(Promise.all(failing)).rejects.toThrow('database away');
    await expect(failing[1]).rejects.toThrow('database away');
  });
});
