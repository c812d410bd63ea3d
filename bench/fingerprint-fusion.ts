/**
 * The multi-modal measurement of `npm run eval:fingerprint`: each FVC finger is paired with one
 * LFW identity (of at least 8 photos) as a virtual person, impression k with photo k. Every
 * fingerprint pair thus gets a face pair of the same people; both scores are normalised to
 * [0, 1] with their threshold at 0.5 and fused by the mean (the sum rule). The face scores are
 * the cosine similarities of the precomputed MobileFaceNet embeddings (see models/MANIFEST.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorReport } from './fingerprint-metrics.js';

const EMBEDDINGS = 'lfw_deepfunneled_all13233_mobilefacenet128';
const DIMENSIONS = 128;
/** Cosine threshold at FAR 1e-4 on LFW (models/MANIFEST.md); it maps to 0.5. */
const FACE_THRESHOLD = 0.411;

export type ScoredFingerPair = {
  /** Virtual person and impression (1-based) of each side. */
  readonly personA: number;
  readonly impressionA: number;
  readonly personB: number;
  readonly impressionB: number;
  readonly normalisedScore: number;
};

function faceEmbeddings(dir: string, people: number): Float32Array[][] | undefined {
  const list = join(dir, `${EMBEDDINGS}.files.txt`);
  if (!existsSync(list)) return undefined;
  const files = readFileSync(list, 'utf8').trim().split('\n');
  const raw = readFileSync(join(dir, `${EMBEDDINGS}.f32`));
  const all = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  const byIdentity = new Map<string, Float32Array[]>();
  files.forEach((file, row) => {
    const identity = file.split('/')[0]!;
    byIdentity.set(identity, [
      ...(byIdentity.get(identity) ?? []),
      all.subarray(row * DIMENSIONS, (row + 1) * DIMENSIONS),
    ]);
  });
  const eligible = [...byIdentity.keys()].sort().filter((identity) => byIdentity.get(identity)!.length >= 8);
  return eligible.length < people
    ? undefined
    : eligible.slice(0, people).map((identity) => byIdentity.get(identity)!);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

export function fusionReport(pairs: readonly ScoredFingerPair[], embeddingsDir: string): string[] {
  const people = 1 + Math.max(...pairs.flatMap((p) => [p.personA, p.personB]));
  const faces = faceEmbeddings(embeddingsDir, people);
  if (faces === undefined) return [`face embeddings not found in ${embeddingsDir}: fusion not measured`];
  const scores = { face: [[], []], fingerprint: [[], []], fused: [[], []] } as Record<
    string,
    [number[], number[]]
  >;
  for (const p of pairs) {
    const face = cosine(faces[p.personA]![p.impressionA - 1]!, faces[p.personB]![p.impressionB - 1]!);
    const faceNormalised = Math.min(1, Math.max(0, face / (2 * FACE_THRESHOLD)));
    const side = p.personA === p.personB ? 0 : 1;
    scores.face![side].push(faceNormalised);
    scores.fingerprint![side].push(p.normalisedScore);
    scores.fused![side].push((faceNormalised + p.normalisedScore) / 2);
  }
  const lines = [
    `${people} virtual people (FVC finger + LFW identity), ${scores.face![0].length} genuine and ${scores.face![1].length} impostor pairs`,
  ];
  for (const [name, [genuine, impostor]] of Object.entries(scores)) {
    const [eer, rates] = errorReport(Float64Array.from(genuine), Float64Array.from(impostor));
    lines.push(`  ${name.padEnd(12)} ${eer}; ${rates}`);
  }
  return lines;
}
