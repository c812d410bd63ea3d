/**
 * MobileFaceNet on onnxruntime: an aligned 112×112 RGB face in, a 128-d L2-normalised
 * embedding out. Two embeddings compare by cosine similarity, which for unit vectors is
 * their dot product.
 */
import * as ort from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-node';
import { ALIGNED_SIZE } from './face-align.js';
import type { RgbImage } from './image-decode.js';

export const EMBEDDING_SIZE = 128;
const MEAN = [123.675, 116.28, 103.53] as const;
const STD = [58.395, 57.12, 57.375] as const;

export async function embedFace(session: InferenceSession, aligned: RgbImage): Promise<Float32Array> {
  const plane = ALIGNED_SIZE * ALIGNED_SIZE;
  const input = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    for (let ch = 0; ch < 3; ch++) input[ch * plane + i] = (aligned.data[i * 3 + ch]! - MEAN[ch]!) / STD[ch]!;
  }
  const tensor = new ort.Tensor('float32', input, [1, 3, ALIGNED_SIZE, ALIGNED_SIZE]);
  const outputs = await session.run({ [session.inputNames[0]!]: tensor });
  const raw = outputs[session.outputNames[0]!]!.data as Float32Array;
  return l2Normalize(Float32Array.from(raw.subarray(0, EMBEDDING_SIZE)));
}

export function l2Normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm === 0) return v;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

/** Several images of one person become one template: the mean of their embeddings, renormalised. */
export function meanEmbedding(embeddings: readonly Float32Array[]): Float32Array {
  const mean = new Float32Array(EMBEDDING_SIZE);
  for (const e of embeddings) for (let i = 0; i < EMBEDDING_SIZE; i++) mean[i] = mean[i]! + e[i]!;
  return l2Normalize(mean);
}
