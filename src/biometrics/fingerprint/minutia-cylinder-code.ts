/**
 * Minutia Cylinder-Code (Cappelli, Ferrara & Maltoni, IEEE TPAMI 2010): around each minutia a
 * cylinder of radius R, cut into Ns × Ns spatial cells (turned with the minutia's direction) and
 * Nd direction sections, records how strongly neighbouring minutiae of each relative direction
 * lie near each cell. Cells outside the print (beyond the minutiae's convex hull plus a margin)
 * are marked invalid, so partial prints are compared only where both have ridges. Two cylinders
 * compare by a normalised Euclidean distance over their commonly valid cells.
 */
import { convexHull, nearHull, type Point } from './convex-hull.js';

const RADIUS = 70;
const SPATIAL_CELLS = 8;
const DIRECTION_CELLS = 6;
export const CELLS_PER_CYLINDER = SPATIAL_CELLS * SPATIAL_CELLS * DIRECTION_CELLS;
const CELL_SIZE = (2 * RADIUS) / SPATIAL_CELLS;
const DIRECTION_STEP = (2 * Math.PI) / DIRECTION_CELLS;
const SIGMA_SPATIAL = 28 / 3;
const SIGMA_DIRECTION = (2 * Math.PI) / 9;
const SIGMOID_CENTRE = 0.01;
const SIGMOID_SLOPE = 400;
const HULL_MARGIN = 50;
const MIN_NEIGHBOURS = 2;
/** Fraction of the in-circle cells that must be valid for a cylinder, and matchable in a comparison. */
const MIN_VALID_FRACTION = 0.75;
const MIN_MATCHABLE_FRACTION = 0.6;
/** Cylinders of minutiae whose directions differ by more than this are not compared. */
const MAX_DIRECTION_GAP = Math.PI / 2;

export type Cylinders = {
  /** CELLS_PER_CYLINDER values in [0, 1] per minutia, spatial cell major, direction minor. */
  readonly values: Float32Array;
  /** 1 per valid spatial cell, SPATIAL_CELLS² per minutia. */
  readonly valid: Uint8Array;
  /** 1 when the minutia's cylinder holds enough valid cells and neighbours to be compared. */
  readonly usable: Uint8Array;
};

/** Error function (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** The angle in [−π, π). */
function signedAngle(a: number): number {
  let d = a % (2 * Math.PI);
  if (d >= Math.PI) d -= 2 * Math.PI;
  if (d < -Math.PI) d += 2 * Math.PI;
  return d;
}

/** Share of a Gaussian (σ_D) direction error that falls into a section of width ΔD around α. */
function directionalContribution(alpha: number): number {
  const scale = SIGMA_DIRECTION * Math.SQRT2;
  return 0.5 * (erf((alpha + DIRECTION_STEP / 2) / scale) - erf((alpha - DIRECTION_STEP / 2) / scale));
}

const IN_CIRCLE_CELLS = (() => {
  let n = 0;
  for (let i = 0; i < SPATIAL_CELLS; i++) {
    for (let j = 0; j < SPATIAL_CELLS; j++)
      if (Math.hypot(i - (SPATIAL_CELLS - 1) / 2, j - (SPATIAL_CELLS - 1) / 2) * CELL_SIZE <= RADIUS) n++;
  }
  return n;
})();

export function buildCylinders(x: Float32Array, y: Float32Array, angle: Float32Array): Cylinders {
  const count = x.length;
  const hull = convexHull(Array.from(x, (px, i): Point => ({ x: px, y: y[i]! })));
  const values = new Float32Array(count * CELLS_PER_CYLINDER);
  const valid = new Uint8Array(count * SPATIAL_CELLS * SPATIAL_CELLS);
  const usable = new Uint8Array(count);
  const reach = RADIUS + 3 * SIGMA_SPATIAL;
  const gaussNorm = 1 / (SIGMA_SPATIAL * Math.sqrt(2 * Math.PI));
  for (let m = 0; m < count; m++) {
    const neighbours: number[] = [];
    for (let t = 0; t < count; t++)
      if (t !== m && Math.hypot(x[t]! - x[m]!, y[t]! - y[m]!) <= reach) neighbours.push(t);
    const cos = Math.cos(angle[m]!);
    const sin = Math.sin(angle[m]!);
    let validCells = 0;
    for (let i = 0; i < SPATIAL_CELLS; i++) {
      for (let j = 0; j < SPATIAL_CELLS; j++) {
        const u = (i - (SPATIAL_CELLS - 1) / 2) * CELL_SIZE;
        const v = (j - (SPATIAL_CELLS - 1) / 2) * CELL_SIZE;
        const cx = x[m]! + u * cos - v * sin;
        const cy = y[m]! + u * sin + v * cos;
        const cell = i * SPATIAL_CELLS + j;
        if (Math.hypot(u, v) > RADIUS || !nearHull(hull, cx, cy, HULL_MARGIN)) continue;
        valid[m * SPATIAL_CELLS * SPATIAL_CELLS + cell] = 1;
        validCells++;
        const base = m * CELLS_PER_CYLINDER + cell * DIRECTION_CELLS;
        for (const t of neighbours) {
          const d2 = (x[t]! - cx) ** 2 + (y[t]! - cy) ** 2;
          if (d2 > 9 * SIGMA_SPATIAL * SIGMA_SPATIAL) continue;
          const spatial = gaussNorm * Math.exp(-d2 / (2 * SIGMA_SPATIAL * SIGMA_SPATIAL));
          const relative = signedAngle(angle[t]! - angle[m]!);
          for (let k = 0; k < DIRECTION_CELLS; k++) {
            const sectionCentre = -Math.PI + (k + 0.5) * DIRECTION_STEP;
            values[base + k] =
              values[base + k]! + spatial * directionalContribution(signedAngle(relative - sectionCentre));
          }
        }
        for (let k = 0; k < DIRECTION_CELLS; k++) {
          values[base + k] = 1 / (1 + Math.exp(-SIGMOID_SLOPE * (values[base + k]! - SIGMOID_CENTRE)));
        }
      }
    }
    usable[m] =
      validCells >= MIN_VALID_FRACTION * IN_CIRCLE_CELLS && neighbours.length >= MIN_NEIGHBOURS ? 1 : 0;
  }
  return { values, valid, usable };
}

/** Similarity 0–1 of cylinder i of `a` (direction θa) and cylinder k of `b` (direction θb). */
export function cylinderSimilarity(
  a: Cylinders,
  i: number,
  thetaA: number,
  b: Cylinders,
  k: number,
  thetaB: number,
): number {
  if (a.usable[i] !== 1 || b.usable[k] !== 1) return 0;
  if (Math.abs(signedAngle(thetaA - thetaB)) > MAX_DIRECTION_GAP) return 0;
  const cells = SPATIAL_CELLS * SPATIAL_CELLS;
  let matchable = 0;
  let normA = 0;
  let normB = 0;
  let difference = 0;
  for (let c = 0; c < cells; c++) {
    if (a.valid[i * cells + c] !== 1 || b.valid[k * cells + c] !== 1) continue;
    matchable++;
    const baseA = i * CELLS_PER_CYLINDER + c * DIRECTION_CELLS;
    const baseB = k * CELLS_PER_CYLINDER + c * DIRECTION_CELLS;
    for (let d = 0; d < DIRECTION_CELLS; d++) {
      const va = a.values[baseA + d]!;
      const vb = b.values[baseB + d]!;
      normA += va * va;
      normB += vb * vb;
      difference += (va - vb) * (va - vb);
    }
  }
  if (matchable < MIN_MATCHABLE_FRACTION * IN_CIRCLE_CELLS) return 0;
  const denominator = Math.sqrt(normA) + Math.sqrt(normB);
  return denominator > 0 ? 1 - Math.sqrt(difference) / denominator : 0;
}
