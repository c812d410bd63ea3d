import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openField, sealField } from '../../../src/eventstore/personal-data/field-cipher.js';

const ivOf = (sealed: string) =>
  Buffer.from(sealed.slice('pd1:'.length), 'base64').subarray(0, 12).toString('hex');

describe('field cipher', () => {
  it('opens what it sealed only for the same subject and field', () => {
    const key = randomBytes(32);
    const sealed = sealField(key, 'visitor-1', 'visitor.firstName', 'Vera');
    expect(openField(key, 'visitor-1', 'visitor.firstName', sealed)).toBe('Vera');
    expect(openField(key, 'visitor-2', 'visitor.firstName', sealed)).toBeUndefined();
    expect(openField(key, 'visitor-1', 'visitor.lastName', sealed)).toBeUndefined();
    expect(openField(randomBytes(32), 'visitor-1', 'visitor.firstName', sealed)).toBeUndefined();
  });

  it('never repeats an IV, across refills of its pool, and keeps earlier seals intact', () => {
    const key = randomBytes(32);
    // 2,000 seals take the pool (341 IVs) through several refills.
    const sealed = Array.from({ length: 2000 }, (_, i) => sealField(key, 'visitor-1', 'note', `value ${i}`));
    expect(new Set(sealed.map(ivOf)).size).toBe(sealed.length);
    sealed.forEach((s, i) => expect(openField(key, 'visitor-1', 'note', s)).toBe(`value ${i}`));
  });
});
