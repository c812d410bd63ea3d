/**
 * Local ridge period by the oriented-window x-signature (Hong, Wan & Jain 1998): in each block
 * the image is summed along the ridge direction, giving a sinusoid-like profile across the
 * ridges whose mean peak spacing is the period. Blocks without a clean profile take the mean of
 * their valid neighbours, then the map is smoothed.
 */

export const FREQUENCY_BLOCK = 16;
/** Ridge periods possible at 500 dpi (Hong et al. use 3–25 px; adult prints run 6–14). */
const MIN_PERIOD = 5;
const MAX_PERIOD = 18;
const HALF_ACROSS = 16;
const HALF_ALONG = 8;

export type RidgePeriodMap = {
  readonly columns: number;
  readonly rows: number;
  /** Ridge period in pixels per FREQUENCY_BLOCK block. */
  readonly period: Float32Array;
};

export function estimateRidgePeriod(
  image: Float32Array,
  orientation: Float32Array,
  mask: Uint8Array,
  width: number,
  height: number,
): RidgePeriodMap {
  const columns = Math.ceil(width / FREQUENCY_BLOCK);
  const rows = Math.ceil(height / FREQUENCY_BLOCK);
  const period = new Float32Array(columns * rows);
  const signature = new Float32Array(2 * HALF_ACROSS + 1);
  const smoothed = new Float32Array(signature.length);
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < columns; bx++) {
      const cx = Math.min(width - 1, bx * FREQUENCY_BLOCK + FREQUENCY_BLOCK / 2);
      const cy = Math.min(height - 1, by * FREQUENCY_BLOCK + FREQUENCY_BLOCK / 2);
      if (mask[cy * width + cx] !== 1) continue;
      xSignature(image, width, height, cx, cy, orientation[cy * width + cx]!, signature);
      period[by * columns + bx] = peakSpacing(signature, smoothed);
    }
  }
  return { columns, rows, period: smoothPeriods(fillGaps(period, columns, rows), columns, rows) };
}

function xSignature(
  image: Float32Array,
  width: number,
  height: number,
  cx: number,
  cy: number,
  theta: number,
  out: Float32Array,
): void {
  const tx = Math.cos(theta);
  const ty = Math.sin(theta);
  for (let k = -HALF_ACROSS; k <= HALF_ACROSS; k++) {
    let sum = 0;
    for (let l = -HALF_ALONG; l <= HALF_ALONG; l++) {
      const x = Math.round(cx - k * ty + l * tx);
      const y = Math.round(cy + k * tx + l * ty);
      if (x >= 0 && y >= 0 && x < width && y < height) sum += image[y * width + x]!;
    }
    out[k + HALF_ACROSS] = sum;
  }
}

/**
 * Mean distance between the profile's maxima, or 0 when the profile is not ridge-like. The
 * profile is smoothed first so that sweat pores inside a wide ridge do not count as valleys.
 */
function peakSpacing(signature: Float32Array, smoothed: Float32Array): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < signature.length; i++) {
    const v =
      (signature[Math.max(0, i - 1)]! +
        2 * signature[i]! +
        signature[Math.min(signature.length - 1, i + 1)]!) /
      4;
    smoothed[i] = v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const middle = (min + max) / 2;
  let first = -1;
  let last = -1;
  let peaks = 0;
  for (let i = 1; i < smoothed.length - 1; i++) {
    const v = smoothed[i]!;
    if (v <= middle || v < smoothed[i - 1]! || v <= smoothed[i + 1]!) continue;
    if (last >= 0 && i - last < MIN_PERIOD) continue;
    if (first < 0) first = i;
    last = i;
    peaks++;
  }
  if (peaks < 2) return 0;
  const spacing = (last - first) / (peaks - 1);
  return spacing >= MIN_PERIOD && spacing <= MAX_PERIOD ? spacing : 0;
}

function fillGaps(period: Float32Array, columns: number, rows: number): Float32Array {
  let current = period;
  const known = period.filter((p) => p > 0);
  const fallback = known.length > 0 ? known.reduce((s, p) => s + p, 0) / known.length : 9;
  for (let pass = 0; pass < 4; pass++) {
    const next = Float32Array.from(current);
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        if (current[y * columns + x]! > 0) continue;
        let sum = 0;
        let count = 0;
        forNeighbours(x, y, columns, rows, (n) => {
          if (current[n]! > 0) {
            sum += current[n]!;
            count++;
          }
        });
        if (count > 0) next[y * columns + x] = sum / count;
      }
    }
    current = next;
  }
  return current.map((p) => (p > 0 ? p : fallback));
}

function smoothPeriods(period: Float32Array, columns: number, rows: number): Float32Array {
  const out = new Float32Array(period.length);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      let sum = 0;
      let count = 0;
      forNeighbours(x, y, columns, rows, (n) => {
        sum += period[n]!;
        count++;
      });
      out[y * columns + x] = sum / count;
    }
  }
  return out;
}

/** Calls back for each cell of the 3×3 neighbourhood (itself included) inside the grid. */
function forNeighbours(
  x: number,
  y: number,
  columns: number,
  rows: number,
  visit: (index: number) => void,
): void {
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const nx = x + dx;
      const ny = y + dy;
      if (nx >= 0 && ny >= 0 && nx < columns && ny < rows) visit(ny * columns + nx);
    }
  }
}
