import { describe, expect, it } from 'vitest';
import { csvText, displayText, normalizeCell } from '../../../src/files/tabular/cell-values.js';

describe('cell values', () => {
  it('normalizes raw cells to their column type, keeping what does not fit as text', () => {
    expect(normalizeCell('12.50', 'number')).toBe(12.5);
    expect(normalizeCell(' ', 'integer')).toBe(' ');
    expect(normalizeCell('n/a', 'number')).toBe('n/a');
    expect(normalizeCell('2026-02-01', 'date')).toEqual(new Date('2026-02-01T00:00:00Z'));
    expect(normalizeCell('2026-01-05 14:03:09', 'datetime')).toEqual(new Date('2026-01-05T14:03:09Z'));
    expect(normalizeCell('2026-01-05T14:03:09+02:00', 'datetime')).toEqual(new Date('2026-01-05T12:03:09Z'));
    expect(normalizeCell('2026-13-45', 'date')).toBe('2026-13-45');
    expect(normalizeCell('next week', 'date')).toBe('next week');
    expect(normalizeCell(1, 'boolean')).toBe(true);
    expect(normalizeCell(42, 'string')).toBe('42');
    expect(normalizeCell(undefined, 'string')).toBeNull();
  });

  it('guards CSV strings that a spreadsheet would run as formulas, not negative numbers', () => {
    expect(
      ['=1+1', '+1', '-1', '@A1', '\t=1', '\r=1', 'plain'].map((text) => csvText(text, 'string')),
    ).toEqual(["'=1+1", "'+1", "'-1", "'@A1", "'\t=1", "'\r=1", 'plain']);
    expect(csvText(-1, 'number')).toBe('-1');
  });

  it('shows values as people read them', () => {
    expect(displayText(1234567.891, 'number')).toBe('1,234,567.89');
    expect(displayText(1234567.5, 'integer')).toBe('1,234,568');
    expect(displayText(0.1234, 'percent')).toBe('12.3%');
    expect(displayText(new Date('2026-01-05T14:03:09Z'), 'datetime')).toBe('2026-01-05 14:03 UTC');
    expect(displayText(false, 'boolean')).toBe('No');
    expect(displayText(null, 'string')).toBe('');
  });
});
