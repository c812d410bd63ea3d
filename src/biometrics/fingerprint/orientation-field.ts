/**
 * Ridge orientation by the least-squares gradient method (Kass & Witkin 1987; Bazen & Gerez
 * 2002): the doubled-angle gradient tensor (gx² − gy², 2·gx·gy, gx² + gy²) is averaged over a
 * window, so opposite gradients on the two flanks of a ridge reinforce instead of cancelling.
 * The orientation comes from a wide average (smooth, robust to scars and creases); the coherence
 * (how consistently the gradients agree, 0–1) from a narrower one, as the local clarity measure.
 */
import { smooth } from './image-filters.js';

export type OrientationField = {
  /** Ridge direction per pixel in [0, π). */
  readonly orientation: Float32Array;
  /** Gradient coherence per pixel, 0 (no ridge flow) to 1 (perfectly parallel ridges). */
  readonly coherence: Float32Array;
};

/** The tensor is averaged over 2 × 2 cells before smoothing: a quarter of the work, no visible loss. */
const CELL = 2;

export function estimateOrientation(image: Float32Array, width: number, height: number): OrientationField {
  const columns = Math.ceil(width / CELL);
  const rows = Math.ceil(height / CELL);
  const a = new Float32Array(columns * rows);
  const b = new Float32Array(columns * rows);
  const c = new Float32Array(columns * rows);
  // Sobel gradients (the one-pixel frame left at zero), summed into the cells as they are made.
  for (let y = 1; y < height - 1; y++) {
    const row = Math.floor(y / CELL) * columns;
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const nw = image[i - width - 1]!;
      const n = image[i - width]!;
      const ne = image[i - width + 1]!;
      const w = image[i - 1]!;
      const e = image[i + 1]!;
      const sw = image[i + width - 1]!;
      const s = image[i + width]!;
      const se = image[i + width + 1]!;
      const dx = ne + 2 * e + se - nw - 2 * w - sw;
      const dy = sw + 2 * s + se - nw - 2 * n - ne;
      const cell = row + ((x / CELL) | 0);
      a[cell] = a[cell]! + dx * dx - dy * dy;
      b[cell] = b[cell]! + 2 * dx * dy;
      c[cell] = c[cell]! + dx * dx + dy * dy;
    }
  }
  const narrowA = smooth(a, columns, rows, 2, 2);
  const narrowB = smooth(b, columns, rows, 2, 2);
  const narrowC = smooth(c, columns, rows, 2, 2);
  const wideA = smooth(narrowA, columns, rows, 4, 2);
  const wideB = smooth(narrowB, columns, rows, 4, 2);
  const cellOrientation = new Float32Array(columns * rows);
  const cellCoherence = new Float32Array(columns * rows);
  for (let i = 0; i < cellOrientation.length; i++) {
    // The gradient is across the ridge; the ridge runs a quarter turn from it.
    let theta = 0.5 * Math.atan2(wideB[i]!, wideA[i]!) + Math.PI / 2;
    if (theta >= Math.PI) theta -= Math.PI;
    cellOrientation[i] = theta;
    const energy = narrowC[i]!;
    cellCoherence[i] =
      energy > 1e-6 ? Math.sqrt(narrowA[i]! * narrowA[i]! + narrowB[i]! * narrowB[i]!) / energy : 0;
  }
  const orientation = new Float32Array(width * height);
  const coherence = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / CELL) * columns;
    for (let x = 0; x < width; x++) {
      const cell = row + Math.floor(x / CELL);
      orientation[y * width + x] = cellOrientation[cell]!;
      coherence[y * width + x] = cellCoherence[cell]!;
    }
  }
  return { orientation, coherence };
}
