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
 * minutia positions and their hull (minutia-geometry.ts).
 */
import { normaliseAngle, type FingerprintTemplate } from './fingerprint-template.js';
import { convexHull, positionGrid, type Hull } from './minutia-geometry.js';

const NEIGHBOURS = 16;
const NEIGHBOUR_RADIUS = 100;
const DISTANCE_TOLERANCE = 4;
const DISTANCE_TOLERANCE_SLOPE = 0.06;
const BEARING_TOLERANCE = 0.25;
const DIRECTION_TOLERANCE = 0.3;

/**
 * Bucket sizes of the descriptor table. Each descriptor lists, once, the buckets that can hold
 * descriptors within tolerance of it, so finer buckets cost a few more bucket reads per
 * descriptor and save many more descriptor comparisons.
 */
const DISTANCE_BUCKETS = 15;
const DISTANCE_BUCKET_WIDTH = 7;
const BEARING_BUCKETS = 18;
const DIRECTION_BUCKETS = 16;
const BUCKETS = DISTANCE_BUCKETS * BEARING_BUCKETS * DIRECTION_BUCKETS;
const TWO_PI = 2 * Math.PI;
const BEARING_BUCKET_WIDTH = TWO_PI / BEARING_BUCKETS;
const DIRECTION_BUCKET_WIDTH = TWO_PI / DIRECTION_BUCKETS;

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
  readonly bucketStart: Uint16Array | Int32Array;
  /** Which minutia each bucketed descriptor describes the neighbourhood of. */
  readonly bucketOwner: Int32Array;
  /** Distance, bearing and direction of each bucketed descriptor, three values per descriptor. */
  readonly bucketDescriptor: Float32Array;
  /** Minutiae by grid cell (minutia-geometry.ts POSITION_CELL), the grid anchored at (gridX, gridY). */
  readonly gridX: number;
  readonly gridY: number;
  readonly gridColumns: number;
  readonly gridRows: number;
  readonly gridStart: Int32Array;
  readonly gridMinutiae: Int32Array;
} & Hull;

function bucketOf(distance: number, bearing: number, direction: number): number {
  const d = Math.min(DISTANCE_BUCKETS - 1, Math.floor(distance / DISTANCE_BUCKET_WIDTH));
  const b = Math.min(BEARING_BUCKETS - 1, Math.floor(bearing / BEARING_BUCKET_WIDTH));
  const t = Math.min(DIRECTION_BUCKETS - 1, Math.floor(direction / DIRECTION_BUCKET_WIDTH));
  return (b * DIRECTION_BUCKETS + t) * DISTANCE_BUCKETS + d;
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
      const dx = x[j]! - x[i]!;
      const dy = y[j]! - y[i]!;
      const d = Math.sqrt(dx * dx + dy * dy);
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
  // ISO records hold at most 255 minutiae, so 16 bits almost always suffice.
  const bucketStart = distance.length < 65536 ? new Uint16Array(BUCKETS + 1) : new Int32Array(BUCKETS + 1);
  for (const b of buckets) bucketStart[b + 1]!++;
  for (let b = 0; b < BUCKETS; b++) bucketStart[b + 1]! += bucketStart[b]!;
  const order = distance.map((_, n) => n).sort((m, n) => buckets[m]! - buckets[n]! || m - n);
  const bucketDescriptor = new Float32Array(3 * order.length);
  order.forEach((n, e) => bucketDescriptor.set([distance[n]!, bearing[n]!, direction[n]!], 3 * e));
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
    bucketDescriptor,
    ...positionGrid(x, y),
    ...convexHull(x, y),
  };
}

/** |a − b| on the circle for angles in [0, 2π). */
export function circularGap(a: number, b: number): number {
  const d = Math.abs(a - b);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/** The buckets of a circular axis that can hold angles within `tolerance` of `value`. */
function axisBuckets(value: number, tolerance: number, width: number, buckets: number): number[] {
  const found: number[] = [];
  const first = Math.floor((value - tolerance) / width);
  const last = Math.floor((value + tolerance) / width);
  for (let b = first; b <= last; b++) {
    const wrapped = (b + buckets) % buckets;
    if (!found.includes(wrapped)) found.push(wrapped);
  }
  return found;
}

/**
 * Appends the buckets that can hold descriptors matching (distance, bearing, direction), as
 * [first, end) runs: distance is the innermost axis of the table, so the distance buckets of
 * one (bearing, direction) pair are consecutive and one run covers them.
 */
function candidateBuckets(distance: number, bearing: number, direction: number, out: number[]): void {
  const tolerance = DISTANCE_TOLERANCE + DISTANCE_TOLERANCE_SLOPE * distance;
  const first = Math.max(0, Math.floor((distance - tolerance) / DISTANCE_BUCKET_WIDTH));
  const last = Math.min(DISTANCE_BUCKETS - 1, Math.floor((distance + tolerance) / DISTANCE_BUCKET_WIDTH));
  if (first > last) return;
  const bs = axisBuckets(bearing, BEARING_TOLERANCE, BEARING_BUCKET_WIDTH, BEARING_BUCKETS);
  const ts = axisBuckets(direction, DIRECTION_TOLERANCE, DIRECTION_BUCKET_WIDTH, DIRECTION_BUCKETS);
  for (const b of bs) {
    for (const t of ts) {
      const base = (b * DIRECTION_BUCKETS + t) * DISTANCE_BUCKETS;
      out.push(base + first, base + last + 1);
    }
  }
}

/**
 * Each probe descriptor's candidate buckets as [first, end) runs of bucket numbers, two values
 * a run: descriptor n's are bucket[start[n]] … bucket[start[n + 1] - 1]. Only a print used as
 * the probe needs them, so they are made on its first match and kept with it.
 */
type ProbeVisits = { readonly start: Int32Array; readonly bucket: Uint16Array };

const probeVisits = new WeakMap<PreparedFingerprint, ProbeVisits>();

function visitsOf(probe: PreparedFingerprint): ProbeVisits {
  let visits = probeVisits.get(probe);
  if (visits === undefined) {
    const start = new Int32Array(probe.neighbourDistance.length + 1);
    const bucket: number[] = [];
    probe.neighbourDistance.forEach((d, n) => {
      candidateBuckets(d, probe.neighbourBearing[n]!, probe.neighbourDirection[n]!, bucket);
      start[n + 1] = bucket.length;
    });
    visits = { start, bucket: Uint16Array.from(bucket) };
    probeVisits.set(probe, visits);
  }
  return visits;
}

/** Scratch space reused between calls (matching is synchronous, so one set suffices). */
let votes = new Float32Array(0);
let lastVoter = new Int32Array(0);
let lastUser = new Int32Array(0);

/**
 * Similarity 0–1 of every probe minutia i with every reference minutia k, at out[i × reference
 * count + k]: each probe neighbour counts for k when a neighbour of k has a similar distance,
 * bearing and direction difference (each neighbour of either side used at most once), and the
 * count c gives c² / (probe neighbours × reference neighbours).
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
  const { bucketStart, bucketOwner, bucketDescriptor } = reference;
  const { start: visitStart, bucket: visitBucket } = visitsOf(probe);
  const { neighbourDistance, neighbourBearing, neighbourDirection } = probe;
  const referenceStart = reference.neighbourStart;
  for (let i = 0; i < probe.count; i++) {
    const start = probe.neighbourStart[i]!;
    const end = probe.neighbourStart[i + 1]!;
    const row = i * m;
    out.fill(0, row, row + m);
    if (end === start) continue;
    votes.fill(0, 0, m);
    for (let a = start; a < end; a++) {
      const d = neighbourDistance[a]!;
      const bearing = neighbourBearing[a]!;
      const direction = neighbourDirection[a]!;
      const tolerance = DISTANCE_TOLERANCE + DISTANCE_TOLERANCE_SLOPE * d;
      for (let v = visitStart[a]!, lastVisit = visitStart[a + 1]!; v < lastVisit; v += 2) {
        for (let e = bucketStart[visitBucket[v]!]!, last = bucketStart[visitBucket[v + 1]!]!; e < last; e++) {
          const gapDistance = bucketDescriptor[3 * e]! - d;
          if (gapDistance > tolerance || gapDistance < -tolerance) continue;
          let gap = Math.abs(bucketDescriptor[3 * e + 1]! - bearing);
          if (gap > Math.PI) gap = TWO_PI - gap;
          if (gap > BEARING_TOLERANCE) continue;
          gap = Math.abs(bucketDescriptor[3 * e + 2]! - direction);
          if (gap > Math.PI) gap = TWO_PI - gap;
          if (gap > DIRECTION_TOLERANCE) continue;
          const k = bucketOwner[e]!;
          if (lastVoter[k] === a || lastUser[e] === i) continue;
          lastVoter[k] = a;
          lastUser[e] = i;
          votes[k] = votes[k]! + 1;
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
