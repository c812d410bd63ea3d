/**
 * 5-point alignment: the least-squares similarity transform (rotation, uniform scale,
 * translation; no reflection) taking the detected landmarks onto the ArcFace 112×112
 * template, then a bilinear warp. Pixels outside the photo read as black, as in OpenCV.
 */
import type { RgbImage } from './image-decode.js';
import type { Point } from './yunet-detector.js';

export const ALIGNED_SIZE = 112;

export const TEMPLATE_112: readonly Point[] = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

/** x' = a·x − b·y + tx, y' = b·x + a·y + ty. */
export type Similarity = { readonly a: number; readonly b: number; readonly tx: number; readonly ty: number };

export function similarityTransform(from: readonly Point[], to: readonly Point[]): Similarity {
  const n = from.length;
  const mean = (ps: readonly Point[], k: 0 | 1) => ps.reduce((s, p) => s + p[k], 0) / n;
  const [fx, fy, tx0, ty0] = [mean(from, 0), mean(from, 1), mean(to, 0), mean(to, 1)];
  let dot = 0;
  let cross = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const xs = from[i]![0] - fx;
    const ys = from[i]![1] - fy;
    const xd = to[i]![0] - tx0;
    const yd = to[i]![1] - ty0;
    dot += xs * xd + ys * yd;
    cross += xs * yd - ys * xd;
    norm += xs * xs + ys * ys;
  }
  const a = dot / norm;
  const b = cross / norm;
  return { a, b, tx: tx0 - (a * fx - b * fy), ty: ty0 - (b * fx + a * fy) };
}

export function applySimilarity(t: Similarity, p: Point): Point {
  return [t.a * p[0] - t.b * p[1] + t.tx, t.b * p[0] + t.a * p[1] + t.ty];
}

/** The aligned face as RGB bytes, 112×112. */
export function alignFace(image: RgbImage, landmarks: readonly Point[]): RgbImage {
  const t = similarityTransform(landmarks, TEMPLATE_112);
  const det = t.a * t.a + t.b * t.b;
  const out = new Uint8Array(ALIGNED_SIZE * ALIGNED_SIZE * 3);
  for (let v = 0; v < ALIGNED_SIZE; v++) {
    for (let u = 0; u < ALIGNED_SIZE; u++) {
      const du = u - t.tx;
      const dv = v - t.ty;
      const x = (t.a * du + t.b * dv) / det;
      const y = (-t.b * du + t.a * dv) / det;
      sampleBilinear(image, x, y, out, (v * ALIGNED_SIZE + u) * 3);
    }
  }
  return { data: out, width: ALIGNED_SIZE, height: ALIGNED_SIZE };
}

function sampleBilinear(image: RgbImage, x: number, y: number, out: Uint8Array, at: number): void {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  for (let ch = 0; ch < 3; ch++) {
    const p00 = pixel(image, x0, y0, ch);
    const p10 = pixel(image, x0 + 1, y0, ch);
    const p01 = pixel(image, x0, y0 + 1, ch);
    const p11 = pixel(image, x0 + 1, y0 + 1, ch);
    const top = p00 + (p10 - p00) * fx;
    const bottom = p01 + (p11 - p01) * fx;
    out[at + ch] = Math.round(top + (bottom - top) * fy);
  }
}

function pixel(image: RgbImage, x: number, y: number, ch: number): number {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) return 0;
  return image.data[(y * image.width + x) * 3 + ch]!;
}
