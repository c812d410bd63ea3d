/**
 * 1:N identification. A full match costs a fraction of a millisecond, so a gallery of many
 * fingers is first ranked by a compact, alignment-free key: a histogram of the minutia-pair
 * invariants of every minutia's local structure (neighbour distance × direction difference ×
 * bearing relative to the minutia, the pair features of Germain, Califano & Colville's FLASH
 * indexing, 1997), compared by cosine. Each pair is spread over the neighbouring bins in
 * proportion to its position between their centres (soft binning), so a pair near a bin edge
 * that jitters across it in another impression still lands mostly where it did. Only the
 * best-ranked entries get the full match.
 */
import type { FingerprintTemplate } from './fingerprint-template.js';
import { normaliseFingerprintScore, toPrepared, type Fingerprint } from './fingerprint-verify.js';
import { prepareFingerprint, type PreparedFingerprint } from './local-structures.js';
import { matchFingerprints } from './minutiae-matcher.js';

/** Local structures reach 100 pixels: seven distance bins of 15 cover them. */
const DISTANCE_BINS = 7;
const DISTANCE_BIN_WIDTH = 15;
const DIRECTION_BINS = 8;
const BEARING_BINS = 8;
export const INDEX_KEY_LENGTH = DISTANCE_BINS * DIRECTION_BINS * BEARING_BINS;
/** At least this many entries get the full match, however small `limit` is. */
const MIN_SHORTLIST = 50;
const SHORTLIST_PER_RESULT = 10;

export type GalleryEntry = {
  readonly id: string;
  readonly fingerprint: PreparedFingerprint;
  /** Unit-length index key. */
  readonly key: Float32Array;
};

export type IdentifyCandidate = {
  readonly id: string;
  readonly score: number;
  readonly normalisedScore: number;
};

const TWO_PI = 2 * Math.PI;

/** Adds `weight` to cell (d, o, b); directions and bearings wrap, distances beyond the bins drop. */
function addToCell(key: Float32Array, d: number, o: number, b: number, weight: number): void {
  if (d < 0 || d >= DISTANCE_BINS) return;
  const direction = (o + DIRECTION_BINS) % DIRECTION_BINS;
  const bearing = (b + BEARING_BINS) % BEARING_BINS;
  const cell = (d * DIRECTION_BINS + direction) * BEARING_BINS + bearing;
  key[cell] = key[cell]! + weight;
}

/** The alignment-free index key of a prepared fingerprint (unit length). */
export function indexKey(fingerprint: PreparedFingerprint): Float32Array {
  const key = new Float32Array(INDEX_KEY_LENGTH);
  const { neighbourDistance, neighbourDirection, neighbourBearing } = fingerprint;
  for (let n = 0; n < neighbourDistance.length; n++) {
    // Positions in bin units, 0 at the centre of the first bin.
    const d = Math.max(0, neighbourDistance[n]! / DISTANCE_BIN_WIDTH - 0.5);
    const o = (neighbourDirection[n]! / TWO_PI) * DIRECTION_BINS - 0.5;
    const b = (neighbourBearing[n]! / TWO_PI) * BEARING_BINS - 0.5;
    const [d0, o0, b0] = [Math.floor(d), Math.floor(o), Math.floor(b)];
    const [wd, wo, wb] = [d - d0, o - o0, b - b0];
    for (let i = 0; i < 8; i++) {
      const [di, oi, bi] = [i & 1, (i >> 1) & 1, (i >> 2) & 1];
      const weight = (di ? wd : 1 - wd) * (oi ? wo : 1 - wo) * (bi ? wb : 1 - wb);
      if (weight > 0) addToCell(key, d0 + di, o0 + oi, b0 + bi, weight);
    }
  }
  let norm = 0;
  for (let c = 0; c < key.length; c++) {
    key[c] = Math.sqrt(key[c]!);
    norm += key[c]! * key[c]!;
  }
  norm = Math.sqrt(norm) || 1;
  for (let c = 0; c < key.length; c++) key[c] = key[c]! / norm;
  return key;
}

export function galleryEntry(id: string, template: FingerprintTemplate): GalleryEntry {
  const fingerprint = prepareFingerprint(template);
  return { id, fingerprint, key: indexKey(fingerprint) };
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let c = 0; c < a.length; c++) sum += a[c]! * b[c]!;
  return sum;
}

/** Gallery positions ordered by index-key similarity to the probe, best first. */
export function preselect(probeKey: Float32Array, gallery: readonly GalleryEntry[], size: number): number[] {
  const order = gallery.map((entry, position) => ({ position, similarity: dot(probeKey, entry.key) }));
  order.sort((a, b) => b.similarity - a.similarity);
  return order.slice(0, size).map((o) => o.position);
}

/** The `limit` best-matching gallery entries, best first (no threshold applied). */
export function identify(
  probe: Fingerprint,
  gallery: readonly GalleryEntry[],
  limit: number,
): IdentifyCandidate[] {
  const prepared = toPrepared(probe);
  const shortlist = preselect(
    indexKey(prepared),
    gallery,
    Math.max(MIN_SHORTLIST, limit * SHORTLIST_PER_RESULT),
  );
  const candidates = shortlist.map((position) => {
    const entry = gallery[position]!;
    const { score } = matchFingerprints(prepared, entry.fingerprint);
    return { id: entry.id, score, normalisedScore: normaliseFingerprintScore(score) };
  });
  return candidates.sort((a, b) => b.score - a.score).slice(0, limit);
}
