/**
 * Whole-image filters: a separable box mean over Float32Array in O(1) per pixel (running sums;
 * repeating it approximates a Gaussian), and the same running counts as a binary dilation.
 */

/** Mean over a (2r+1)² window, the window clipped at the image border. */
export function boxMean(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  const rows = new Float32Array(src.length);
  for (let y = 0; y < height; y++) meanAlongLine(src, rows, y * width, 1, width, radius);
  // The vertical pass runs down all columns at once, row by row, so it reads memory in order.
  const out = new Float32Array(src.length);
  const columnSums = new Float64Array(width);
  let count = 0;
  for (let y = 0; y < Math.min(radius, height); y++, count++) {
    for (let x = 0; x < width; x++) columnSums[x] = columnSums[x]! + rows[y * width + x]!;
  }
  for (let y = 0; y < height; y++) {
    const entering = y + radius;
    if (entering < height) {
      count++;
      for (let x = 0, e = entering * width; x < width; x++) columnSums[x] = columnSums[x]! + rows[e + x]!;
    }
    const leaving = y - radius - 1;
    if (leaving >= 0) {
      count--;
      for (let x = 0, l = leaving * width; x < width; x++) columnSums[x] = columnSums[x]! - rows[l + x]!;
    }
    for (let x = 0, o = y * width; x < width; x++) out[o + x] = columnSums[x]! / count;
  }
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

/** 1 where a set pixel of `binary` lies within the (2r+1)² window, else 0 (a square dilation). */
export function dilate(binary: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const rows = new Uint8Array(binary.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let set = 0;
    for (let x = 0; x < Math.min(radius, width); x++) set += binary[row + x]!;
    for (let x = 0; x < width; x++) {
      if (x + radius < width) set += binary[row + x + radius]!;
      if (x - radius - 1 >= 0) set -= binary[row + x - radius - 1]!;
      rows[row + x] = set > 0 ? 1 : 0;
    }
  }
  const out = new Uint8Array(binary.length);
  const columns = new Int32Array(width);
  for (let y = 0; y < Math.min(radius, height); y++)
    for (let x = 0; x < width; x++) columns[x] = columns[x]! + rows[y * width + x]!;
  for (let y = 0; y < height; y++) {
    if (y + radius < height)
      for (let x = 0, e = (y + radius) * width; x < width; x++) columns[x] = columns[x]! + rows[e + x]!;
    if (y - radius - 1 >= 0)
      for (let x = 0, l = (y - radius - 1) * width; x < width; x++) columns[x] = columns[x]! - rows[l + x]!;
    for (let x = 0, o = y * width; x < width; x++) out[o + x] = columns[x]! > 0 ? 1 : 0;
  }
  return out;
}
