/**
 * Minutia-neighbourhood descriptors for matching, after Jiang & Yau (2000) and Ratha et al.
 * (2000): each minutia keeps its nearest neighbours as (distance, bearing relative to its own
 * direction, direction difference), which stay unchanged under rotation and translation. Two
 * minutiae from different prints are locally alike when many of their neighbours correspond.
 * Coordinates are brought to 500 dpi and y is turned upwards so ISO angles are plain math angles.
 */
import { normaliseAngle, type FingerprintTemplate } from './fingerprint-template.js';

const NEIGHBOURS = 16;
const NEIGHBOUR_RADIUS = 100;
const DISTANCE_TOLERANCE = 6;
const DISTANCE_TOLERANCE_SLOPE = 0.06;
const BEARING_TOLERANCE = 0.35;
const DIRECTION_TOLERANCE = 0.4;

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
};

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
    }
    neighbourStart[i + 1] = distance.length;
  }
  return {
    count,
    x,
    y,
    angle,
    neighbourStart,
    neighbourDistance: Float32Array.from(distance),
    neighbourBearing: Float32Array.from(bearing),
    neighbourDirection: Float32Array.from(direction),
  };
}

/** |a − b| on the circle for angles in [0, 2π). */
export function circularGap(a: number, b: number): number {
  const d = Math.abs(a - b);
  return d > Math.PI ? 2 * Math.PI - d : d;
}

/**
 * Similarity 0–1 of probe minutia i and reference minutia k: neighbours paired one to one
 * (distances ascending, so each probe neighbour scans only the reference ones of similar
 * distance), then matched² / (probe neighbours × reference neighbours).
 */
export function localSimilarity(
  probe: PreparedFingerprint,
  i: number,
  reference: PreparedFingerprint,
  k: number,
): number {
  const pStart = probe.neighbourStart[i]!;
  const pEnd = probe.neighbourStart[i + 1]!;
  const rStart = reference.neighbourStart[k]!;
  const rEnd = reference.neighbourStart[k + 1]!;
  if (pEnd === pStart || rEnd === rStart) return 0;
  const probeDistance = probe.neighbourDistance;
  const probeBearing = probe.neighbourBearing;
  const probeDirection = probe.neighbourDirection;
  const referenceDistance = reference.neighbourDistance;
  const referenceBearing = reference.neighbourBearing;
  const referenceDirection = reference.neighbourDirection;
  let used = 0;
  let matched = 0;
  let low = rStart;
  for (let a = pStart; a < pEnd; a++) {
    const d = probeDistance[a]!;
    const tolerance = DISTANCE_TOLERANCE + DISTANCE_TOLERANCE_SLOPE * d;
    while (low < rEnd && referenceDistance[low]! < d - tolerance) low++;
    const bearing = probeBearing[a]!;
    const direction = probeDirection[a]!;
    for (let b = low; b < rEnd && referenceDistance[b]! <= d + tolerance; b++) {
      const bit = 1 << (b - rStart);
      if ((used & bit) !== 0) continue;
      if (circularGap(bearing, referenceBearing[b]!) > BEARING_TOLERANCE) continue;
      if (circularGap(direction, referenceDirection[b]!) > DIRECTION_TOLERANCE) continue;
      used |= bit;
      matched++;
      break;
    }
  }
  return (matched * matched) / ((pEnd - pStart) * (rEnd - rStart));
}
