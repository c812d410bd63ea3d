import { describe, expect, it } from 'vitest';
import { createEmbeddingIndex, searchMatrix } from '../../../src/biometrics/face/embedding-index.js';
import { l2Normalize } from '../../../src/biometrics/face/mobilefacenet-embedder.js';
import { createOnnxTopK } from '../../../src/biometrics/face/onnx-topk-search.js';

/** A deterministic unit vector per seed (a small LCG; no Math.random in tests). */
function vector(seed: number): Float32Array {
  const v = new Float32Array(128);
  let x = seed * 2654435761;
  for (let i = 0; i < 128; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    v[i] = x / 2147483648 - 0.5;
  }
  return l2Normalize(v);
}

describe('embedding index', () => {
  it('finds the nearest templates best first, one row per template', async () => {
    const index = createEmbeddingIndex(2);
    for (let i = 0; i < 50; i++)
      index.upsert({ templateId: `t${i}`, subjectId: `s${i % 10}`, subjectType: 'employee' }, vector(i));
    index.upsert({ templateId: 't7', subjectId: 's7', subjectType: 'employee' }, vector(7));
    expect(index.size()).toBe(50);
    const hits = await index.search(vector(7), 3);
    expect(hits[0]).toMatchObject({ templateId: 't7', subjectId: 's7' });
    expect(hits[0]!.score).toBeCloseTo(1, 5);
    expect(hits[1]!.score).toBeLessThanOrEqual(hits[0]!.score);
    expect(hits[2]!.score).toBeLessThanOrEqual(hits[1]!.score);
  });

  it('removes every template of a subject at once, keeping the others searchable', async () => {
    const index = createEmbeddingIndex(4);
    for (let i = 0; i < 20; i++)
      index.upsert({ templateId: `t${i}`, subjectId: `s${i % 4}`, subjectType: 'visitor' }, vector(i));
    expect(index.removeSubject('s1')).toBe(5);
    expect(index.size()).toBe(15);
    expect(index.subjectScores('s1', vector(1))).toEqual([]);
    expect((await index.search(vector(1), 20)).some((h) => h.subjectId === 's1')).toBe(false);
    expect((await index.search(vector(2), 1))[0]).toMatchObject({ templateId: 't2' });
    expect(index.subjectScores('s2', vector(2))).toHaveLength(5);
  });

  it('top-k agrees with a full sort', () => {
    const n = 300;
    const matrix = new Float32Array(n * 128);
    for (let i = 0; i < n; i++) matrix.set(vector(i + 1000), i * 128);
    const probe = vector(42);
    const all = Array.from({ length: n }, (_, row) => {
      let s = 0;
      for (let j = 0; j < 128; j++) s += matrix[row * 128 + j]! * probe[j]!;
      return { row, score: s };
    }).sort((a, b) => b.score - a.score);
    expect(searchMatrix(matrix, n, probe, 10).map((h) => h.row)).toEqual(all.slice(0, 10).map((h) => h.row));
  });

  it('answers the same through onnxruntime Gemm + TopK once the index is large', async () => {
    const n = 5000;
    const index = createEmbeddingIndex(n, await createOnnxTopK(1));
    const matrix = new Float32Array(n * 128);
    for (let i = 0; i < n; i++) {
      const v = vector(i + 7);
      matrix.set(v, i * 128);
      index.upsert({ templateId: `t${i}`, subjectId: `s${i}`, subjectType: 'employee' }, v);
    }
    for (const seed of [3, 99, 4242]) {
      const probe = vector(seed);
      const expected = searchMatrix(matrix, n, probe, 5);
      const hits = await index.search(probe, 5);
      expect(hits.map((h) => h.templateId)).toEqual(expected.map((h) => `t${h.row}`));
      hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 5));
    }
  });
});
