/**
 * Whole-image filters over Float32Array: a separable box mean in O(1) per pixel (running sums;
 * repeating it approximates a Gaussian) and Sobel gradients.
 */

/** Mean over a (2r+1)² window, the window clipped at the image border. */
export function boxMean(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  const rows = new Float32Array(src.length);
  for (let y = 0; y < height; y++) meanAlongLine(src, rows, y * width, 1, width, radius);
  const out = new Float32Array(src.length);
  for (let x = 0; x < width; x++) meanAlongLine(rows, out, x, width, height, radius);
  return out;
}

/** Box mean applied `passes` times: three passes come close to a Gaussian of σ ≈ r. */
export function smooth(
  src: Float32Array,
  width: number,
  height: number,
  radius: number,
  passes = 2,
): Float32Array {
  let out = src;
  for (let i = 0; i < passes; i++) out = boxMean(out, width, height, radius);
  return out;
}

function meanAlongLine(
  src: Float32Array,
  dst: Float32Array,
  start: number,
  stride: number,
  length: number,
  radius: number,
): void {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < Math.min(radius, length); i++) {
    sum += src[start + i * stride]!;
    count++;
  }
  for (let i = 0; i < length; i++) {
    const entering = i + radius;
    if (entering < length) {
      sum += src[start + entering * stride]!;
      count++;
    }
    const leaving = i - radius - 1;
    if (leaving >= 0) {
      sum -= src[start + leaving * stride]!;
      count--;
    }
    dst[start + i * stride] = sum / count;
  }
}

export type Gradients = { readonly gx: Float32Array; readonly gy: Float32Array };

/** Sobel derivatives; the one-pixel frame is left at zero. */
export function sobel(src: Float32Array, width: number, height: number): Gradients {
  const gx = new Float32Array(src.length);
  const gy = new Float32Array(src.length);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const nw = src[i - width - 1]!;
      const n = src[i - width]!;
      const ne = src[i - width + 1]!;
      const w = src[i - 1]!;
      const e = src[i + 1]!;
      const sw = src[i + width - 1]!;
      const s = src[i + width]!;
      const se = src[i + width + 1]!;
      gx[i] = ne + 2 * e + se - nw - 2 * w - sw;
      gy[i] = sw + 2 * s + se - nw - 2 * n - ne;
    }
  }
  return { gx, gy };
}
