import { describe, expect, it } from 'vitest';
import { chartScale } from '../../../src/files/report/chart-scale.js';

describe('chartScale', () => {
  it.each([
    { values: [3, 11, 7], ticks: [0, 5, 10, 15] },
    { values: [0.2, 0.93], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] },
    { values: [-5, 12], ticks: [-5, 0, 5, 10, 15] },
    { values: [1234, 98_765], ticks: [0, 20_000, 40_000, 60_000, 80_000, 100_000] },
    { values: [], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] },
    { values: [0, 0], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] },
  ])('spans $values with round ticks from zero', ({ values, ticks }) => {
    const scale = chartScale(values);
    expect(scale.ticks).toEqual(ticks);
    expect(scale.min).toBe(ticks[0]);
    expect(scale.max).toBe(ticks.at(-1));
  });
});
