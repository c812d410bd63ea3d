/**
 * Ridge orientation by the least-squares gradient method (Kass & Witkin 1987; Bazen & Gerez
 * 2002): the doubled-angle gradient tensor (gx² − gy², 2·gx·gy, gx² + gy²) is averaged over a
 * window, so opposite gradients on the two flanks of a ridge reinforce instead of cancelling.
 * The orientation comes from a wide average (smooth, robust to scars and creases); the coherence
 * (how consistently the gradients agree, 0–1) from a narrower one, as the local clarity measure.
 */
import { sobel, smooth } from './image-filters.js';

export type OrientationField = {
  /** Ridge direction per pixel in [0, π). */
  readonly orientation: Float32Array;
  /** Gradient coherence per pixel, 0 (no ridge flow) to 1 (perfectly parallel ridges). */
  readonly coherence: Float32Array;
};

export function estimateOrientation(image: Float32Array, width: number, height: number): OrientationField {
  const { gx, gy } = sobel(image, width, height);
  const a = new Float32Array(image.length);
  const b = new Float32Array(image.length);
  const c = new Float32Array(image.length);
  for (let i = 0; i < image.length; i++) {
    const x = gx[i]!;
    const y = gy[i]!;
    a[i] = x * x - y * y;
    b[i] = 2 * x * y;
    c[i] = x * x + y * y;
  }
  const narrowA = smooth(a, width, height, 4, 2);
  const narrowB = smooth(b, width, height, 4, 2);
  const narrowC = smooth(c, width, height, 4, 2);
  const wideA = smooth(narrowA, width, height, 7, 2);
  const wideB = smooth(narrowB, width, height, 7, 2);
  const orientation = new Float32Array(image.length);
  const coherence = new Float32Array(image.length);
  for (let i = 0; i < image.length; i++) {
    // The gradient is across the ridge; the ridge runs a quarter turn from it.
    let theta = 0.5 * Math.atan2(wideB[i]!, wideA[i]!) + Math.PI / 2;
    if (theta >= Math.PI) theta -= Math.PI;
    orientation[i] = theta;
    const energy = narrowC[i]!;
    coherence[i] = energy > 1e-6 ? Math.hypot(narrowA[i]!, narrowB[i]!) / energy : 0;
  }
  return { orientation, coherence };
}
