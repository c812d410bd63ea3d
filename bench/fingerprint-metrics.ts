/**
 * Verification error rates from genuine and impostor score lists, as the FVC protocol reports
 * them (Maio et al. 2002): EER, FNMR at FMR ≤ 1 % (FMR100), ≤ 0.1 % (FMR1000) and = 0 (ZeroFMR),
 * and a DET table. A pair is accepted when its score is at least the threshold. Scores are
 * sorted once, so every rate is two binary searches.
 */

export type ErrorRates = { readonly fmr: number; readonly fnmr: number };

/** How many of the ascending `sorted` are below `threshold`. */
function countBelow(sorted: Float64Array, threshold: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < threshold) low = middle + 1;
    else high = middle;
  }
  return low;
}

function ascending(scores: Float64Array): Float64Array {
  return Float64Array.from(scores).sort();
}

function rates(genuine: Float64Array, impostor: Float64Array, threshold: number): ErrorRates {
  return {
    fmr: (impostor.length - countBelow(impostor, threshold)) / impostor.length,
    fnmr: countBelow(genuine, threshold) / genuine.length,
  };
}

export function ratesAt(genuine: Float64Array, impostor: Float64Array, threshold: number): ErrorRates {
  return rates(ascending(genuine), ascending(impostor), threshold);
}

/** Every score in either list, plus one above all, in ascending order. */
function candidateThresholds(genuine: Float64Array, impostor: Float64Array): number[] {
  const all = [...new Set([...genuine, ...impostor])].sort((a, b) => a - b);
  return [...all, (all[all.length - 1] ?? 0) + 1];
}

/** Equal error rate: the mean of FMR and FNMR where they are closest. */
export function equalErrorRate(genuine: Float64Array, impostor: Float64Array): number {
  const [g, i] = [ascending(genuine), ascending(impostor)];
  let best = { gap: Infinity, eer: 1 };
  for (const t of candidateThresholds(g, i)) {
    const { fmr, fnmr } = rates(g, i, t);
    if (Math.abs(fmr - fnmr) < best.gap) best = { gap: Math.abs(fmr - fnmr), eer: (fmr + fnmr) / 2 };
  }
  return best.eer;
}

/** The lowest threshold whose FMR is at most `maxFmr`, and its rates. */
export function thresholdAtFmr(
  genuine: Float64Array,
  impostor: Float64Array,
  maxFmr: number,
): ErrorRates & { readonly threshold: number } {
  const [g, i] = [ascending(genuine), ascending(impostor)];
  const thresholds = candidateThresholds(g, i);
  // FMR falls as the threshold rises: find the first threshold that meets the bound.
  let low = 0;
  let high = thresholds.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (rates(g, i, thresholds[middle]!).fmr <= maxFmr) high = middle;
    else low = middle + 1;
  }
  const threshold = thresholds[low]!;
  return { threshold, ...rates(g, i, threshold) };
}

export function percent(value: number): string {
  return `${(value * 100).toFixed(2)} %`;
}

/** EER, FMR100, FMR1000, ZeroFMR and a DET table, one line each. */
export function errorReport(genuine: Float64Array, impostor: Float64Array): string[] {
  const lines = [
    `EER ${percent(equalErrorRate(genuine, impostor))}`,
    `FMR100 ${percent(thresholdAtFmr(genuine, impostor, 0.01).fnmr)}  FMR1000 ${percent(thresholdAtFmr(genuine, impostor, 0.001).fnmr)}  ZeroFMR ${percent(thresholdAtFmr(genuine, impostor, 0).fnmr)}`,
    'DET:   FMR  →  FNMR   (threshold)',
  ];
  for (const fmr of [0.1, 0.05, 0.02, 0.01, 0.005, 0.001, 0]) {
    const at = thresholdAtFmr(genuine, impostor, fmr);
    lines.push(
      `  ≤ ${percent(fmr).padStart(8)}  →  ${percent(at.fnmr).padStart(8)}   (${at.threshold.toFixed(4)})`,
    );
  }
  return lines;
}
