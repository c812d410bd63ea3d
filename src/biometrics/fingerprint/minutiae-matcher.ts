/**
 * Minutiae matching in two stages (the local-then-global scheme of Jiang & Yau 2000, with the
 * consolidation step of Cappelli, Ferrara & Maltoni's MCC, 2010): all probe × reference
 * minutia pairs are scored by neighbourhood similarity; the best few pairs each propose one
 * rigid transformation (rotation from their directions, translation from their positions);
 * under each, every probe minutia is paired one to one with the nearest reference minutia of
 * similar direction, the transformation is re-estimated by least squares over those pairs
 * (Umeyama 1991, without scale) and the pairing repeated; the transformation whose pairs carry
 * the most local similarity wins (a seed that an earlier one's transformation already maps
 * onto itself is skipped). Its summed similarity is then weighed by the share of the
 * minutiae in the common area that found a partner (the common area being where each print's
 * minutiae fall inside the other's minutia hull), the usual normalisation of a minutiae match
 * by the minutiae of the overlapping area (Maltoni et al., Handbook of Fingerprint
 * Recognition): two prints of one finger pair most minutiae they share, two different fingers
 * pair some by chance among many. Rotation and translation cost nothing;
 * a partial overlap costs only the minutiae outside it.
 */
import { circularGap, similarityMatrix, type PreparedFingerprint } from './local-structures.js';
import { insideHull, POSITION_CELL } from './minutia-geometry.js';

const SEEDS = 12;
const PAIR_DISTANCE = 12;
const PAIR_DISTANCE_SLOPE = 0.05;
const PAIR_DISTANCE_MAX = 22;
const PAIR_DIRECTION = Math.PI / 6;
/** A seed pair that an earlier seed's transformation maps within these is not tried again. */
const SAME_SEED_ROTATION = 0.1;
const SAME_SEED_DISTANCE = 6;
/** Least-squares refits after the seed's pairing. */
const REFITS = 1;
/** How far outside the other print's minutia hull a minutia may lie and still count as shared. */
const OVERLAP_MARGIN = 10;
/** Overlaps with fewer minutiae than this count as this many, so tiny overlaps earn no bonus. */
const MIN_OVERLAP_MINUTIAE = 12;

export type FingerprintMatch = {
  /**
   * Raw score, 0 and up: the local similarity summed over the paired minutiae, times the share
   * of the minutiae in the common area that were paired (paired / √(probe's × reference's)).
   */
  readonly score: number;
  /** Minutiae paired under the winning transformation. */
  readonly pairedMinutiae: number;
};

/** What one transformation pairs: the summed local similarity and the number of pairs. */
type Pairing = { readonly similarity: number; readonly paired: number };

/** Probe point p maps to rotation·(p − anchor) + target; tolerances grow with |p − anchor|. */
type Transformation = {
  readonly rotation: number;
  readonly anchorX: number;
  readonly anchorY: number;
  readonly targetX: number;
  readonly targetY: number;
};

/** Scratch space reused between calls (matching is synchronous, so one set suffices). */
let similarity = new Float32Array(0);
let owner = new Int32Array(0);
let ownerDistance = new Float32Array(0);

function bestSeeds(values: Float32Array, size: number): number[] {
  const seeds: number[] = [];
  for (let i = 0; i < size; i++) {
    if (values[i]! <= 0) continue;
    if (seeds.length < SEEDS) seeds.push(i);
    else if (values[i]! > values[seeds[SEEDS - 1]!]!) seeds[SEEDS - 1] = i;
    else continue;
    for (let j = seeds.length - 1; j > 0 && values[seeds[j]!]! > values[seeds[j - 1]!]!; j--) {
      [seeds[j], seeds[j - 1]] = [seeds[j - 1]!, seeds[j]!];
    }
  }
  return seeds;
}

/** Pairs probe and reference minutiae one to one under `t`; owner[b] is b's probe minutia or −1. */
function pairUnder(probe: PreparedFingerprint, reference: PreparedFingerprint, t: Transformation): Pairing {
  const cos = Math.cos(t.rotation);
  const sin = Math.sin(t.rotation);
  owner.fill(-1, 0, reference.count);
  for (let a = 0; a < probe.count; a++) {
    const px = probe.x[a]! - t.anchorX;
    const py = probe.y[a]! - t.anchorY;
    const tx = cos * px - sin * py + t.targetX;
    const ty = sin * px + cos * py + t.targetY;
    let ta = probe.angle[a]! + t.rotation;
    ta = ta < 0 ? ta + 2 * Math.PI : ta >= 2 * Math.PI ? ta - 2 * Math.PI : ta;
    const tolerance = Math.min(
      PAIR_DISTANCE_MAX,
      PAIR_DISTANCE + PAIR_DISTANCE_SLOPE * Math.sqrt(px * px + py * py),
    );
    let best = -1;
    let bestDistance = tolerance * tolerance;
    const firstColumn = Math.max(0, Math.floor((tx - tolerance - reference.gridX) / POSITION_CELL));
    const lastColumn = Math.min(
      reference.gridColumns - 1,
      Math.floor((tx + tolerance - reference.gridX) / POSITION_CELL),
    );
    const firstRow = Math.max(0, Math.floor((ty - tolerance - reference.gridY) / POSITION_CELL));
    const lastRow = Math.min(
      reference.gridRows - 1,
      Math.floor((ty + tolerance - reference.gridY) / POSITION_CELL),
    );
    for (let row = firstRow; row <= lastRow; row++) {
      for (let column = firstColumn; column <= lastColumn; column++) {
        const cell = row * reference.gridColumns + column;
        for (let e = reference.gridStart[cell]!, end = reference.gridStart[cell + 1]!; e < end; e++) {
          const b = reference.gridMinutiae[e]!;
          const dx = reference.x[b]! - tx;
          const dy = reference.y[b]! - ty;
          const d2 = dx * dx + dy * dy;
          if (d2 <= bestDistance && circularGap(ta, reference.angle[b]!) <= PAIR_DIRECTION) {
            best = b;
            bestDistance = d2;
          }
        }
      }
    }
    if (best >= 0 && (owner[best] === -1 || bestDistance < ownerDistance[best]!)) {
      owner[best] = a;
      ownerDistance[best] = bestDistance;
    }
  }
  let score = 0;
  let paired = 0;
  for (let b = 0; b < reference.count; b++) {
    const a = owner[b]!;
    if (a < 0) continue;
    paired++;
    score += similarity[a * reference.count + b]!;
  }
  return { similarity: score, paired };
}

/** The least-squares rotation and translation over the current pairs (centroids as anchors). */
function refit(
  probe: PreparedFingerprint,
  reference: PreparedFingerprint,
  previous: Transformation,
): Transformation {
  let n = 0;
  let pxSum = 0;
  let pySum = 0;
  let rxSum = 0;
  let rySum = 0;
  for (let b = 0; b < reference.count; b++) {
    const a = owner[b]!;
    if (a < 0) continue;
    n++;
    pxSum += probe.x[a]!;
    pySum += probe.y[a]!;
    rxSum += reference.x[b]!;
    rySum += reference.y[b]!;
  }
  if (n < 3) return previous;
  const [pcx, pcy, rcx, rcy] = [pxSum / n, pySum / n, rxSum / n, rySum / n];
  let dot = 0;
  let crossSum = 0;
  for (let b = 0; b < reference.count; b++) {
    const a = owner[b]!;
    if (a < 0) continue;
    const px = probe.x[a]! - pcx;
    const py = probe.y[a]! - pcy;
    const rx = reference.x[b]! - rcx;
    const ry = reference.y[b]! - rcy;
    dot += px * rx + py * ry;
    crossSum += px * ry - py * rx;
  }
  return { rotation: Math.atan2(crossSum, dot), anchorX: pcx, anchorY: pcy, targetX: rcx, targetY: rcy };
}

/**
 * Minutiae of each print that fall inside the other's minutia hull under `t`: the common area,
 * where every minutia of one print ought to have a partner in the other.
 */
function sharedMinutiae(
  probe: PreparedFingerprint,
  reference: PreparedFingerprint,
  t: Transformation,
): { probe: number; reference: number } {
  const cos = Math.cos(t.rotation);
  const sin = Math.sin(t.rotation);
  let inProbe = 0;
  let inReference = 0;
  for (let a = 0; a < probe.count; a++) {
    const px = probe.x[a]! - t.anchorX;
    const py = probe.y[a]! - t.anchorY;
    if (
      insideHull(reference, cos * px - sin * py + t.targetX, sin * px + cos * py + t.targetY, OVERLAP_MARGIN)
    )
      inProbe++;
  }
  for (let b = 0; b < reference.count; b++) {
    const rx = reference.x[b]! - t.targetX;
    const ry = reference.y[b]! - t.targetY;
    if (insideHull(probe, cos * rx + sin * ry + t.anchorX, -sin * rx + cos * ry + t.anchorY, OVERLAP_MARGIN))
      inReference++;
  }
  return { probe: inProbe, reference: inReference };
}

/**
 * Whether `t` already maps probe minutia i onto reference minutia k, position and direction:
 * the seed (i, k) would then propose about the same transformation again.
 */
function agrees(
  t: Transformation,
  probe: PreparedFingerprint,
  i: number,
  reference: PreparedFingerprint,
  k: number,
): boolean {
  if (circularGap(normalised(probe.angle[i]! + t.rotation), reference.angle[k]!) > SAME_SEED_ROTATION)
    return false;
  const px = probe.x[i]! - t.anchorX;
  const py = probe.y[i]! - t.anchorY;
  const dx = Math.cos(t.rotation) * px - Math.sin(t.rotation) * py + t.targetX - reference.x[k]!;
  const dy = Math.sin(t.rotation) * px + Math.cos(t.rotation) * py + t.targetY - reference.y[k]!;
  return dx * dx + dy * dy <= SAME_SEED_DISTANCE * SAME_SEED_DISTANCE;
}

function normalised(angle: number): number {
  const a = angle % (2 * Math.PI);
  return a < 0 ? a + 2 * Math.PI : a;
}

export function matchFingerprints(
  probe: PreparedFingerprint,
  reference: PreparedFingerprint,
): FingerprintMatch {
  const size = probe.count * reference.count;
  if (similarity.length < size) similarity = new Float32Array(size);
  similarityMatrix(probe, reference, similarity);
  if (owner.length < reference.count) {
    owner = new Int32Array(reference.count);
    ownerDistance = new Float32Array(reference.count);
  }
  let best: Pairing = { similarity: 0, paired: 0 };
  let bestTransformation: Transformation | undefined;
  const tried: Transformation[] = [];
  for (const seed of bestSeeds(similarity, size)) {
    const i = Math.floor(seed / reference.count);
    const k = seed % reference.count;
    if (tried.some((t) => agrees(t, probe, i, reference, k))) continue;
    let transformation: Transformation = {
      rotation: reference.angle[k]! - probe.angle[i]!,
      anchorX: probe.x[i]!,
      anchorY: probe.y[i]!,
      targetX: reference.x[k]!,
      targetY: reference.y[k]!,
    };
    tried.push(transformation);
    let result = pairUnder(probe, reference, transformation);
    let resultTransformation = transformation;
    for (let round = 0; round < REFITS; round++) {
      transformation = refit(probe, reference, transformation);
      const refined = pairUnder(probe, reference, transformation);
      if (refined.similarity > result.similarity) {
        result = refined;
        resultTransformation = transformation;
      }
    }
    if (result.similarity > best.similarity) {
      best = result;
      bestTransformation = resultTransformation;
    }
  }
  if (bestTransformation === undefined) return { score: 0, pairedMinutiae: 0 };
  const shared = sharedMinutiae(probe, reference, bestTransformation);
  const common = Math.sqrt(
    Math.max(MIN_OVERLAP_MINUTIAE, shared.probe) * Math.max(MIN_OVERLAP_MINUTIAE, shared.reference),
  );
  return { score: (best.similarity * best.paired) / common, pairedMinutiae: best.paired };
}
