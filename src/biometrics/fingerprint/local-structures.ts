/**
 * Minutia-neighbourhood descriptors for matching, after Jiang & Yau (2000) and Ratha et al.
 * (2000): each minutia keeps its nearest neighbours as (distance, bearing relative to its own
 * direction, direction difference), which stay unchanged under rotation and translation. Two
 * minutiae from different prints are locally alike when many of their neighbours correspond.
 * Coordinates are brought to 500 dpi and y is turned upwards so ISO angles are plain math angles.
 *
 * Everything a match needs from one print is computed here once (a template is prepared once
 * and compared many times): the descriptors, a table of them bucketed by quantised
 * (distance, bearing, direction), so that all minutia pairs of two prints are scored by looking
 * up each probe descriptor's few candidate buckets (geometric hashing in the manner of Germain,
 * Califano & Colville 1997) instead of comparing every descriptor pair, and a coarse grid of the
 * minutia positions for the pairing under a transformation.
 */
import { normaliseAngle, type FingerprintTemplate } from './fingerprint-template.js';

const NEIGHBOURS = 16;
const NEIGHBOUR_RADIUS = 100;
const DISTANCE_TOLERANCE = 6;
const DISTANCE_TOLERANCE_SLOPE = 0.06;
const BEARING_TOLERANCE = 0.35;
const DIRECTION_TOLERANCE = 0.4;

/** Bucket sizes: at least the tolerance, so a descriptor's matches lie in its bucket or the next one. */
const DISTANCE_BUCKETS = 8;
const DISTANCE_BUCKET_WIDTH = 14;
const BEARING_BUCKETS = 9;
const DIRECTION_BUCKETS = 8;
const BUCKETS = DISTANCE_BUCKETS * BEARING_BUCKETS * DIRECTION_BUCKETS;
const TWO_PI = 2 * Math.PI;
const BEARING_BUCKET_WIDTH = TWO_PI / BEARING_BUCKETS;
const DIRECTION_BUCKET_WIDTH = TWO_PI / DIRECTION_BUCKETS;

/** Cell size of the position grid; pairing tolerances stay below it. */
export const POSITION_CELL = 24;

export type PreparedFingerprint = {
  readonly count: number;
  readonly x: Float32Array;
  /** Upwards, so that ISO's counter-clockwise angles need no sign change. */
  readonly y: Float32Array;
  readonly angle: Float32Array;
  /** Neighbours of minutia i sit at offsets neighbourStart[i] … neighbourStart[i + 1] - 1. */
  readonly neighbourStart: Int32Array;
  /** Neighbour distance, ascending per minutia. */
  readonly neighbourDistance: Float32Array;
  /** Bearing of the neighbour seen from the minutia, relative to the minutia's direction. */
  readonly neighbourBearing: Float32Array;
  /** The neighbour's direction minus the minutia's. */
  readonly neighbourDirection: Float32Array;
  /** The descriptors again, grouped by bucket: bucket b holds bucketStart[b] … bucketStart[b + 1] - 1. */
  readonly bucketStart: Int32Array;
  /** Which minutia each bucketed descriptor describes the neighbourhood of. */
  readonly bucketOwner: Int32Array;
  readonly bucketDistance: Float32Array;
  readonly bucketBearing: Float32Array;
  readonly bucketDirection: Float32Array;
  /** Minutiae by POSITION_CELL grid cell, the grid anchored at (gridX, gridY). */
  readonly gridX: number;
  readonly gridY: number;
  readonly gridColumns: number;
  readonly gridRows: number;
  readonly gridStart: Int32Array;
  readonly gridMinutiae: Int32Array;
};

function bucketOf(distance: number, bearing: number, direction: number): number {
  const d = Math.min(DISTANCE_BUCKETS - 1, Math.floor(distance / DISTANCE_BUCKET_WIDTH));
  const b = Math.min(BEARING_BUCKETS - 1, Math.floor(bearing / BEARING_BUCKET_WIDTH));
  const t = Math.min(DIRECTION_BUCKETS - 1, Math.floor(direction / DIRECTION_BUCKET_WIDTH));
  return (d * BEARING_BUCKETS + b) * DIRECTION_BUCKETS + t;
}

export function prepareFingerprint(template: FingerprintTemplate): PreparedFingerprint {
  const scale = 500 / template.resolutionDpi;
  const count = template.minutiae.length;
  const x = Float32Array.from(template.minutiae, (m) => m.x * scale);
  const y = Float32Array.from(template.minutiae, (m) => -m.y * scale);
  const angle = Float32Array.from(template.minutiae, (m) => normaliseAngle(m.angle));
  const neighbourStart = new Int32Array(count + 1);
  const distance: number[] = [];
  const bearing: number[] = [];
  const direction: number[] = [];
  const owner: number[] = [];
  for (let i = 0; i < count; i++) {
    const near: { j: number; d: number }[] = [];
    for (let j = 0; j < count; j++) {
      const d = Math.hypot(x[j]! - x[i]!, y[j]! - y[i]!);
      if (j !== i && d <= NEIGHBOUR_RADIUS) near.push({ j, d });
    }
    near.sort((a, b) => a.d - b.d);
    for (const { j, d } of near.slice(0, NEIGHBOURS)) {
      distance.push(d);
      bearing.push(normaliseAngle(Math.atan2(y[j]! - y[i]!, x[j]! - x[i]!) - angle[i]!));
      direction.push(normaliseAngle(angle[j]! - angle[i]!));
      owner.push(i);
    }
    neighbourStart[i + 1] = distance.length;
  }
  const buckets = distance.map((d, n) => bucketOf(d, bearing[n]!, direction[n]!));
  const bucketStart = new Int32Array(BUCKETS + 1);
  for (const b of buckets) bucketStart[b + 1]!++;
  for (let b = 0; b < BUCKETS; b++) bucketStart[b + 1]! += bucketStart[b]!;
  const order = distance.map((_, n) => n).sort((m, n) => buckets[m]! - buckets[n]! || m - n);
  return {
    count,
    x,
    y,
    angle,
    neighbourStart,
    neighbourDistance: Float32Array.from(distance),
    neighbourBearing: Float32Array.from(bearing),
    neighbourDirection: Float32Array.from(direction),
    bucketStart,
    bucketOwner: Int32Array.from(order, (n) => owner[n]!),
    bucketDistance: Float32Array.from(order, (n) => distance[n]!),
    bucketBearing: Float32Array.from(order, (n) => bearing[n]!),
    bucketDirection: Float32Array.from(order, (n) => direction[n]!),
    ...positionGrid(x, y),
  };
}

function positionGrid(x: Float32Array, y: Float32Array) {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < x.length; i++) {
    minX = Math.min(minX, x[i]!);
    maxX = Math.max(maxX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]!);
  }
  if (x.length === 0) [minX, minY, maxX, maxY] = [0, 0, 0, 0];
  const gridColumns = Math.floor((maxX - minX) / POSITION_CELL) + 1;
  const gridRows = Math.floor((maxY - minY) / POSITION_CELL) + 1;
  const cells = Int32Array.from(
    x,
    (xi, i) =>
      Math.floor((y[i]! - minY) / POSITION_CELL) * gridColumns + Math.floor((xi - minX) / POSITION_CELL),
  );
  const gridStart = new Int32Array(gridColumns * gridRows + 1);
  for (const c of cells) gridStart[c + 1]!++;
  for (let c = 0; c < gridColumns * gridRows; c++) gridStart[c + 1]! += gridStart[c]!;
  const fill = gridStart.slice(0, -1);
  const gridMinutiae = new Int32Array(x.length);
  cells.forEach((c, i) => (gridMinutiae[fill[c]!++] = i));
  return { gridX: minX, gridY: minY, gridColumns, gridRows, gridStart, gridMinutiae };
}

/** |a − b| on the circle for angles in [0, 2π). */
export function circularGap(a: number, b: number): number {
  const d = Math.abs(a - b);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/**
 * The bucket index range along one axis that can hold values within `tolerance` of `value`:
 * the value's own bucket, and the neighbouring one when the value lies within `tolerance` of
 * that side. Circular axes wrap.
 */
function axisRange(
  value: number,
  tolerance: number,
  width: number,
  buckets: number,
  circular: boolean,
  out: Int32Array,
): number {
  const own = Math.min(buckets - 1, Math.floor(value / width));
  let n = 0;
  out[n++] = own;
  if (value - tolerance < own * width) {
    if (own > 0) out[n++] = own - 1;
    else if (circular) out[n++] = buckets - 1;
  }
  if (value + tolerance >= (own + 1) * width) {
    if (own < buckets - 1) out[n++] = own + 1;
    else if (circular) out[n++] = 0;
  }
  return n;
}

/** Scratch space reused between calls (matching is synchronous, so one set suffices). */
const distanceRange = new Int32Array(3);
const bearingRange = new Int32Array(3);
const directionRange = new Int32Array(3);
let votes = new Float32Array(0);
let lastVoter = new Int32Array(0);
let lastUser = new Int32Array(0);

/**
 * Similarity 0–1 of every probe minutia i with every reference minutia k, at out[i × reference
 * count + k]: each probe neighbour counts for k when a neighbour of k has a similar distance,
 * bearing and direction difference (at most once per k), and the count c gives c² / (probe
 * neighbours × reference neighbours).
 */
export function similarityMatrix(
  probe: PreparedFingerprint,
  reference: PreparedFingerprint,
  out: Float32Array,
): void {
  const m = reference.count;
  if (votes.length < m) {
    votes = new Float32Array(m);
    lastVoter = new Int32Array(m);
  }
  lastVoter.fill(-1, 0, m);
  const descriptors = reference.bucketOwner.length;
  if (lastUser.length < descriptors) lastUser = new Int32Array(descriptors);
  lastUser.fill(-1, 0, descriptors);
  const { bucketStart, bucketOwner, bucketDistance, bucketBearing, bucketDirection } = reference;
  const referenceStart = reference.neighbourStart;
  for (let i = 0; i < probe.count; i++) {
    const start = probe.neighbourStart[i]!;
    const end = probe.neighbourStart[i + 1]!;
    const row = i * m;
    out.fill(0, row, row + m);
    if (end === start) continue;
    votes.fill(0, 0, m);
    for (let a = start; a < end; a++) {
      const d = probe.neighbourDistance[a]!;
      const bearing = probe.neighbourBearing[a]!;
      const direction = probe.neighbourDirection[a]!;
      const tolerance = DISTANCE_TOLERANCE + DISTANCE_TOLERANCE_SLOPE * d;
      const nd = axisRange(d, tolerance, DISTANCE_BUCKET_WIDTH, DISTANCE_BUCKETS, false, distanceRange);
      const nb = axisRange(
        bearing,
        BEARING_TOLERANCE,
        BEARING_BUCKET_WIDTH,
        BEARING_BUCKETS,
        true,
        bearingRange,
      );
      const nt = axisRange(
        direction,
        DIRECTION_TOLERANCE,
        DIRECTION_BUCKET_WIDTH,
        DIRECTION_BUCKETS,
        true,
        directionRange,
      );
      for (let u = 0; u < nd; u++) {
        for (let v = 0; v < nb; v++) {
          const base = (distanceRange[u]! * BEARING_BUCKETS + bearingRange[v]!) * DIRECTION_BUCKETS;
          for (let w = 0; w < nt; w++) {
            const bucket = base + directionRange[w]!;
            for (let e = bucketStart[bucket]!, last = bucketStart[bucket + 1]!; e < last; e++) {
              const k = bucketOwner[e]!;
              if (lastVoter[k] === a || lastUser[e] === i) continue;
              if (Math.abs(bucketDistance[e]! - d) > tolerance) continue;
              if (circularGap(bearing, bucketBearing[e]!) > BEARING_TOLERANCE) continue;
              if (circularGap(direction, bucketDirection[e]!) > DIRECTION_TOLERANCE) continue;
              lastVoter[k] = a;
              lastUser[e] = i;
              votes[k] = votes[k]! + 1;
            }
          }
        }
      }
    }
    const probeNeighbours = end - start;
    for (let k = 0; k < m; k++) {
      const c = votes[k]!;
      if (c === 0) continue;
      const referenceNeighbours = referenceStart[k + 1]! - referenceStart[k]!;
      out[row + k] = Math.min(1, (c * c) / (probeNeighbours * referenceNeighbours));
    }
  }
}
