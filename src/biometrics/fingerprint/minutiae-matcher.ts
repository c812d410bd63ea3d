/**
 * Minutiae matching in two stages (the local-then-global scheme of Jiang & Yau 2000, with the
 * consolidation step of Cappelli, Ferrara & Maltoni's MCC, 2010): all probe × reference
 * minutia pairs are scored by neighbourhood similarity; the best few pairs each propose one
 * rigid transformation (rotation from their directions, translation from their positions);
 * under each, every probe minutia is paired one to one with the nearest reference minutia of
 * similar direction, and the transformation whose pairs carry the most local similarity wins.
 * Rotation, translation and partial overlap cost nothing by construction.
 */
import { circularGap, localSimilarity, type PreparedFingerprint } from './local-structures.js';

const SEEDS = Number(process.env.SEEDS ?? 12);
const PAIR_DISTANCE = Number(process.env.PAIR_DISTANCE ?? 12);
const PAIR_DISTANCE_SLOPE = Number(process.env.PAIR_DISTANCE_SLOPE ?? 0.05);
const PAIR_DISTANCE_MAX = Number(process.env.PAIR_DISTANCE_MAX ?? 22);
const PAIR_DIRECTION = Number(process.env.PAIR_DIRECTION ?? Math.PI / 6);

export type FingerprintMatch = {
  /** Raw score: the consolidated local similarity of the paired minutiae (0 and up). */
  readonly score: number;
  /** Minutiae paired under the winning transformation. */
  readonly pairedMinutiae: number;
};

/** Scratch space reused between calls (matching is synchronous, so one set suffices). */
let similarity = new Float32Array(0);
let owner = new Int32Array(0);
let ownerDistance = new Float32Array(0);

function similarityMatrix(probe: PreparedFingerprint, reference: PreparedFingerprint): Float32Array {
  const size = probe.count * reference.count;
  if (similarity.length < size) similarity = new Float32Array(size);
  for (let i = 0; i < probe.count; i++) {
    for (let k = 0; k < reference.count; k++)
      similarity[i * reference.count + k] = localSimilarity(probe, i, reference, k);
  }
  return similarity;
}

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

/** Pairs minutiae under the transformation taking probe minutia i onto reference minutia k. */
function consolidate(
  probe: PreparedFingerprint,
  reference: PreparedFingerprint,
  i: number,
  k: number,
): FingerprintMatch {
  const rotation = reference.angle[k]! - probe.angle[i]!;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  if (owner.length < reference.count) {
    owner = new Int32Array(reference.count);
    ownerDistance = new Float32Array(reference.count);
  }
  owner.fill(-1, 0, reference.count);
  for (let a = 0; a < probe.count; a++) {
    const px = probe.x[a]! - probe.x[i]!;
    const py = probe.y[a]! - probe.y[i]!;
    const tx = cos * px - sin * py + reference.x[k]!;
    const ty = sin * px + cos * py + reference.y[k]!;
    let ta = probe.angle[a]! + rotation;
    ta = ta < 0 ? ta + 2 * Math.PI : ta >= 2 * Math.PI ? ta - 2 * Math.PI : ta;
    const tolerance = Math.min(PAIR_DISTANCE_MAX, PAIR_DISTANCE + PAIR_DISTANCE_SLOPE * Math.hypot(px, py));
    let best = -1;
    let bestDistance = tolerance * tolerance;
    for (let b = 0; b < reference.count; b++) {
      const dx = reference.x[b]! - tx;
      const dy = reference.y[b]! - ty;
      const d2 = dx * dx + dy * dy;
      if (d2 <= bestDistance && circularGap(ta, reference.angle[b]!) <= PAIR_DIRECTION) {
        best = b;
        bestDistance = d2;
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
    const v = similarity[a * reference.count + b]!;
    const m = process.env.FP_SUM ?? 'a';
    score += m === 'a' ? v : m === 'b' ? v + 0.1 : m === 'c' ? Math.sqrt(v) : m === 'd' ? v + 0.25 : v * v;
  }
  return { score, pairedMinutiae: paired };
}

export function matchFingerprints(
  probe: PreparedFingerprint,
  reference: PreparedFingerprint,
): FingerprintMatch {
  const values = similarityMatrix(probe, reference);
  let best: FingerprintMatch = { score: 0, pairedMinutiae: 0 };
  for (const seed of bestSeeds(values, probe.count * reference.count)) {
    const result = consolidate(probe, reference, Math.floor(seed / reference.count), seed % reference.count);
    if (result.score > best.score) best = result;
  }
  const mode = process.env.FP_MODE ?? 'a';
  const n = best.pairedMinutiae;
  const np = Math.max(probe.count, 1),
    nr = Math.max(reference.count, 1);
  if (mode === 'b') return { score: (n * n) / (np * nr), pairedMinutiae: n };
  if (mode === 'c') return { score: (best.score * n) / Math.sqrt(np * nr), pairedMinutiae: n };
  if (mode === 'd') return { score: best.score / Math.sqrt(np * nr), pairedMinutiae: n };
  if (mode === 'e') return { score: n, pairedMinutiae: n };
  if (mode === 'f') return { score: (n * n) / ((Math.min(np, nr) * (np + nr)) / 2), pairedMinutiae: n };
  if (mode === 'g')
    return { score: (best.score * best.score) / ((Math.min(np, nr) * (np + nr)) / 2), pairedMinutiae: n };
  return best;
}
