import { describe, expect, it } from 'vitest';
import { nextPrefix } from '../../../src/queries/visitors/list-visits.query.js';

describe('nextPrefix (the upper bound of a name-prefix range)', () => {
  it('raises the last character by one code point', () => {
    expect(nextPrefix('ada visitor1')).toBe('ada visitor2');
    expect(nextPrefix('z')).toBe('{');
    expect(nextPrefix('ø')).toBe('ù');
  });

  it('raises a character outside the BMP as one character, and skips the surrogate range', () => {
    expect(nextPrefix('a😀')).toBe('a😁');
    expect(nextPrefix('\ud7ff')).toBe('\ue000');
  });

  it('sorts above every string with the prefix and below the next prefix, byte-wise as SQLite compares', () => {
    const bytes = (s: string) => Buffer.from(s, 'utf8');
    for (const prefix of ['ada', 'zoë', 'a😀', '\ud7ff']) {
      const upper = nextPrefix(prefix);
      for (const tail of ['', ' ', 'z', '\uffff', '😀'])
        expect(Buffer.compare(bytes(prefix + tail), bytes(upper))).toBe(-1);
    }
  });
});
