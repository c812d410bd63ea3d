/**
 * The value axis of a chart: a range that includes zero (bars grow from it) widened to
 * round tick steps of 1, 2 or 5 × 10^k, so the axis reads 0, 20, 40 … rather than 0, 17.3 …
 */
export type ChartScale = { readonly min: number; readonly max: number; readonly ticks: readonly number[] };

export function chartScale(values: readonly number[], targetTicks = 5): ChartScale {
  const low = values.reduce((min, value) => Math.min(min, value), 0);
  const highest = values.reduce((max, value) => Math.max(max, value), 0);
  // All zero (or no values): show 0 to 1 rather than an empty axis.
  const high = highest === low ? low + 1 : highest;
  const step = roundStep((high - low) / targetTicks);
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let index = 0; min + index * step <= max + step / 2; index += 1) {
    ticks.push(Number((min + index * step).toPrecision(12)));
  }
  return { min, max, ticks };
}

function roundStep(raw: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / magnitude;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * magnitude;
}
