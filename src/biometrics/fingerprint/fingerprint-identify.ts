/**
 * 1:N identification. A full match costs about a millisecond, so a gallery of many fingers is
 * first ranked by a compact, alignment-free key: a histogram of minutia-pair invariants (pair
 * distance × direction difference × bearing, the pair features of Germain, Califano & Colville's
 * FLASH indexing, 1997), compared by cosine. Only the best-ranked entries get the full match.
 */
import { angleDifference, type FingerprintTemplate } from './fingerprint-template.js';
import { normaliseFingerprintScore, toPrepared, type Fingerprint } from './fingerprint-verify.js';
import { prepareFingerprint, type PreparedFingerprint } from './local-structures.js';
import { matchFingerprints } from './minutiae-matcher.js';

const DISTANCE_BINS = 10;
const DISTANCE_BIN_WIDTH = 15;
const DIRECTION_BINS = 6;
const BEARING_BINS = 4;
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

/** The alignment-free index key of a prepared fingerprint (unit length). */
export function indexKey(fingerprint: PreparedFingerprint): Float32Array {
  const key = new Float32Array(INDEX_KEY_LENGTH);
  const { count, x, y, angle } = fingerprint;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      if (i === j) continue;
      const d = Math.hypot(x[j]! - x[i]!, y[j]! - y[i]!);
      const dBin = Math.floor(d / DISTANCE_BIN_WIDTH);
      if (dBin >= DISTANCE_BINS) continue;
      const direction = angleDifference(angle[i]!, angle[j]!);
      const bearing = angleDifference(Math.atan2(y[j]! - y[i]!, x[j]! - x[i]!), angle[i]!);
      const cell =
        (dBin * DIRECTION_BINS +
          Math.min(DIRECTION_BINS - 1, Math.floor((direction / Math.PI) * DIRECTION_BINS))) *
          BEARING_BINS +
        Math.min(BEARING_BINS - 1, Math.floor((bearing / Math.PI) * BEARING_BINS));
      key[cell] = key[cell]! + 1;
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
