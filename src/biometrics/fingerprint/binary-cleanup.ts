/**
 * Clean-up of the binarised ridge map before thinning: ridge specks and the small holes that
 * sweat pores and noise leave inside ridges become spurious short ridges and lakes in the
 * skeleton, so connected components below a minimum area are flipped to their surroundings.
 */

/** Flips every 4-connected component of `value` pixels smaller than `minArea` pixels. */
export function removeSmallComponents(
  binary: Uint8Array,
  width: number,
  height: number,
  value: 0 | 1,
  minArea: number,
): void {
  const seen = new Uint8Array(binary.length);
  const stack = new Int32Array(binary.length);
  const members = new Int32Array(binary.length);
  for (let start = 0; start < binary.length; start++) {
    if (seen[start] === 1 || binary[start] !== value) continue;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const i = stack[--top]!;
      members[size++] = i;
      const x = i % width;
      if (x > 0) top = visit(i - 1, top);
      if (x < width - 1) top = visit(i + 1, top);
      if (i >= width) top = visit(i - width, top);
      if (i < (height - 1) * width) top = visit(i + width, top);
    }
    if (size < minArea) for (let k = 0; k < size; k++) binary[members[k]!] = 1 - value;
  }

  function visit(n: number, top: number): number {
    if (seen[n] === 1 || binary[n] !== value) return top;
    seen[n] = 1;
    stack[top] = n;
    return top + 1;
  }
}
