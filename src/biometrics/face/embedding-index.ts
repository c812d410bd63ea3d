/**
 * The in-memory 1:N index: every live face template as one row of a contiguous Float32Array
 * (embeddings are unit vectors, so a dot product is the cosine). Removal swaps the last row
 * into the hole, so erasure takes effect at once and the matrix stays dense. Search runs on
 * onnxruntime Gemm + TopK once the index is large, where bench/biometric.bench.ts measured it
 * several times faster than the typed-array loop; small indexes use the loop (no call overhead).
 */
import { EMBEDDING_SIZE } from './mobilefacenet-embedder.js';
import type { OnnxTopK } from './onnx-topk-search.js';

/** Below this many templates the plain loop answers in well under a millisecond. */
const ACCELERATE_FROM = 4096;

export type IndexEntry = {
  readonly templateId: string;
  readonly subjectId: string;
  readonly subjectType: string;
};

export type IndexHit = IndexEntry & { readonly score: number };

export type EmbeddingIndex = {
  readonly size: () => number;
  readonly upsert: (entry: IndexEntry, embedding: Float32Array) => void;
  readonly removeSubject: (subjectId: string) => number;
  /** The best `limit` templates by score, best first. */
  readonly search: (probe: Float32Array, limit: number) => Promise<IndexHit[]>;
  /** Every template of one subject, for 1:1 verification. */
  readonly subjectScores: (subjectId: string, probe: Float32Array) => IndexHit[];
};

export function createEmbeddingIndex(initialCapacity = 1024, accelerator?: OnnxTopK): EmbeddingIndex {
  let matrix = new Float32Array(initialCapacity * EMBEDDING_SIZE);
  const entries: IndexEntry[] = [];
  const rowOf = new Map<string, number>();

  function grow(): void {
    const next = new Float32Array(matrix.length * 2);
    next.set(matrix);
    matrix = next;
  }

  function removeRow(row: number): void {
    const last = entries.length - 1;
    rowOf.delete(entries[row]!.templateId);
    if (row !== last) {
      matrix.copyWithin(row * EMBEDDING_SIZE, last * EMBEDDING_SIZE, (last + 1) * EMBEDDING_SIZE);
      entries[row] = entries[last]!;
      rowOf.set(entries[row].templateId, row);
    }
    entries.pop();
  }

  function dot(row: number, probe: Float32Array): number {
    let s = 0;
    const base = row * EMBEDDING_SIZE;
    for (let k = 0; k < EMBEDDING_SIZE; k++) s += matrix[base + k]! * probe[k]!;
    return s;
  }

  return {
    size: () => entries.length,
    upsert: (entry, embedding) => {
      let row = rowOf.get(entry.templateId);
      if (row === undefined) {
        row = entries.length;
        if ((row + 1) * EMBEDDING_SIZE > matrix.length) grow();
        entries.push(entry);
        rowOf.set(entry.templateId, row);
      }
      matrix.set(embedding.subarray(0, EMBEDDING_SIZE), row * EMBEDDING_SIZE);
    },
    removeSubject: (subjectId) => {
      let removed = 0;
      for (let row = entries.length - 1; row >= 0; row--) {
        if (entries[row]!.subjectId !== subjectId) continue;
        removeRow(row);
        removed++;
      }
      return removed;
    },
    search: async (probe, limit) => {
      const n = entries.length;
      const hits =
        accelerator !== undefined && n >= ACCELERATE_FROM
          ? await accelerator.search(matrix, n, probe, limit)
          : searchMatrix(matrix, n, probe, limit);
      return hits.map(({ row, score }) => ({ ...entries[row]!, score }));
    },
    subjectScores: (subjectId, probe) =>
      entries.flatMap((entry, row) =>
        entry.subjectId === subjectId ? [{ ...entry, score: dot(row, probe) }] : [],
      ),
  };
}

/**
 * Brute-force top-k over the first `n` rows: one pass, the inner loop inlined so V8 keeps it
 * on doubles; the best k live in a small sorted array (k is tiny next to n).
 */
export function searchMatrix(
  matrix: Float32Array,
  n: number,
  probe: Float32Array,
  k: number,
): { row: number; score: number }[] {
  const best: { row: number; score: number }[] = [];
  let floor = -Infinity;
  for (let row = 0; row < n; row++) {
    const base = row * EMBEDDING_SIZE;
    let score = 0;
    for (let j = 0; j < EMBEDDING_SIZE; j++) score += matrix[base + j]! * probe[j]!;
    if (best.length === k && score <= floor) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.score < score) at--;
    best.splice(at, 0, { row, score });
    if (best.length > k) best.pop();
    if (best.length === k) floor = best[k - 1]!.score;
  }
  return best;
}
