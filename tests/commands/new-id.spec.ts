import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newId } from '../../src/commands/new-id.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const millisOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('newId', () => {
  it('makes RFC 9562 version 7 UUIDs that carry the time they were made and pass z.uuid()', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(V7);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(millisOf(id)).toBeGreaterThanOrEqual(before);
    expect(millisOf(id)).toBeLessThanOrEqual(after);
  });

  it('keeps ids in creation order and unique, within one millisecond and past the 12-bit count', () => {
    const ms = Date.now() + 60_000;
    const ids = Array.from({ length: 10_000 }, () => newId(ms));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    // 10,000 ids cannot all count within one millisecond: the timestamp moved on.
    expect(millisOf(ids.at(-1)!)).toBeGreaterThan(ms);
    expect(ids.every((id) => V7.test(id))).toBe(true);
  });

  it('never goes back when the clock does', () => {
    const first = newId(Date.now() + 120_000);
    const second = newId(Date.now());
    expect(second > first).toBe(true);
  });

  it('has random bits that differ between ids of the same millisecond', () => {
    const ms = Date.now() + 180_000;
    const tails = new Set(Array.from({ length: 100 }, () => newId(ms).slice(19)));
    expect(tails.size).toBe(100);
  });
});
