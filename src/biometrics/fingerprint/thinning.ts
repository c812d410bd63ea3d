/**
 * Reducing binary ridges to one-pixel-wide skeletons: Zhang & Suen's parallel thinning (1984),
 * then one sequential pass that removes the corner pixels of staircases (pixels whose
 * neighbours stay connected without them), which would otherwise read as false forks.
 */

/** 8-neighbour offsets in ring order, counter-clockwise from east (y grows downwards). */
export const RING_DX = [1, 1, 0, -1, -1, -1, 0, 1] as const;
export const RING_DY = [0, -1, -1, -1, 0, 1, 1, 1] as const;

/** Bit i set when the ring neighbour i of pixel (x, y) is set; the caller keeps (x, y) off the frame. */
export function ringCode(image: Uint8Array, width: number, x: number, y: number): number {
  let code = 0;
  for (let i = 0; i < 8; i++) if (image[(y + RING_DY[i]!) * width + x + RING_DX[i]!] === 1) code |= 1 << i;
  return code;
}

function bit(code: number, i: number): number {
  return (code >> (i & 7)) & 1;
}

/** The set neighbours split into 8-connected groups, each a list of ring positions. */
function neighbourGroups(code: number): number[][] {
  const parent = [0, 1, 2, 3, 4, 5, 6, 7];
  const root = (i: number): number => (parent[i] === i ? i : root(parent[i]!));
  const join = (i: number, j: number) => {
    if (bit(code, i) === 1 && bit(code, j) === 1) parent[root(i)] = root(j & 7);
  };
  for (let i = 0; i < 8; i++) {
    join(i, i + 1);
    if (i % 2 === 0) join(i, i + 2);
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < 8; i++)
    if (bit(code, i) === 1) groups.set(root(i), [...(groups.get(root(i)) ?? []), i]);
  return [...groups.values()];
}

/** NEIGHBOUR_GROUPS[ringCode] = number of 8-connected groups among the set neighbours. */
const NEIGHBOUR_GROUPS = Uint8Array.from({ length: 256 }, (_, code) => neighbourGroups(code).length);

/** Runs of consecutive set positions around the ring: their count is the crossing number. */
function ringRuns(code: number): number[][] {
  if (code === 0xff) return [[0, 1, 2, 3, 4, 5, 6, 7]];
  const start = [0, 1, 2, 3, 4, 5, 6, 7].find((i) => bit(code, i) === 0)!;
  const runs: number[][] = [];
  for (let step = 1; step <= 8; step++) {
    const i = (start + step) % 8;
    if (bit(code, i) === 0) continue;
    if (bit(code, i + 7) === 0) runs.push([]);
    runs[runs.length - 1]!.push(i);
  }
  return runs;
}

/** CROSSING_NUMBER[ringCode] (Rutovitz): 1 at a ridge ending, 2 along a ridge, 3 or more at a fork. */
export const CROSSING_NUMBER = Uint8Array.from({ length: 256 }, (_, code) => ringRuns(code).length);

/** RUN_STARTS[ringCode] = one ring position per run, an edge neighbour where the run has one. */
export const RUN_STARTS: readonly (readonly number[])[] = Array.from({ length: 256 }, (_, code) =>
  ringRuns(code).map((run) => run.find((i) => i % 2 === 0) ?? run[0]!),
);

function popcount(code: number): number {
  let n = 0;
  for (let i = 0; i < 8; i++) n += bit(code, i);
  return n;
}

/** Zhang–Suen deletion test for the two sub-iterations (P2 = north, P4 = east, P6 = south, P8 = west). */
function zhangSuenDeletable(code: number, second: boolean): boolean {
  const count = popcount(code);
  if (count < 2 || count > 6) return false;
  let transitions = 0;
  for (let i = 0; i < 8; i++) if (bit(code, i) === 0 && bit(code, i + 1) === 1) transitions++;
  if (transitions !== 1) return false;
  const [n, e, s, w] = [bit(code, 2), bit(code, 0), bit(code, 6), bit(code, 4)];
  return second ? n * e * w === 0 && n * s * w === 0 : n * e * s === 0 && e * s * w === 0;
}

const DELETABLE = [false, true].map((second) =>
  Uint8Array.from({ length: 256 }, (_, c) => (zhangSuenDeletable(c, second) ? 1 : 0)),
);

/** Thins `ridges` (1 = ridge) in place and returns it; the one-pixel frame is cleared. */
export function thin(ridges: Uint8Array, width: number, height: number): Uint8Array {
  for (let x = 0; x < width; x++) ridges[x] = ridges[(height - 1) * width + x] = 0;
  for (let y = 0; y < height; y++) ridges[y * width] = ridges[y * width + width - 1] = 0;
  // Only ridge pixels can be deleted, so each pass scans the shrinking list of them.
  const ridgePixels = new Int32Array(ridges.length);
  let count = 0;
  for (let i = 0; i < ridges.length; i++) if (ridges[i] === 1) ridgePixels[count++] = i;
  const doomed = new Int32Array(count);
  // Ring offsets: E, NE, N, NW, W, SW, S, SE (bit 0 … 7 of the ring code).
  const [e, ne, n, nw, w, sw, s, se] = [1, 1 - width, -width, -width - 1, -1, width - 1, width, width + 1];
  for (let changed = true; changed;) {
    changed = false;
    for (const table of DELETABLE) {
      let deletions = 0;
      for (let p = 0; p < count; p++) {
        const i = ridgePixels[p]!;
        const code =
          ridges[i + e]! |
          (ridges[i + ne]! << 1) |
          (ridges[i + n]! << 2) |
          (ridges[i + nw]! << 3) |
          (ridges[i + w]! << 4) |
          (ridges[i + sw]! << 5) |
          (ridges[i + s]! << 6) |
          (ridges[i + se]! << 7);
        if (table[code] === 1) doomed[deletions++] = i;
      }
      for (let d = 0; d < deletions; d++) ridges[doomed[d]!] = 0;
      changed ||= deletions > 0;
    }
    let kept = 0;
    for (let p = 0; p < count; p++) if (ridges[ridgePixels[p]!] === 1) ridgePixels[kept++] = ridgePixels[p]!;
    count = kept;
  }
  removeStaircaseCorners(ridges, width, height);
  return ridges;
}

function removeStaircaseCorners(skeleton: Uint8Array, width: number, height: number): void {
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      if (skeleton[y * width + x] !== 1) continue;
      const code = ringCode(skeleton, width, x, y);
      const openSide = bit(code, 0) * bit(code, 2) * bit(code, 4) * bit(code, 6) === 0;
      if (popcount(code) >= 2 && NEIGHBOUR_GROUPS[code] === 1 && openSide) skeleton[y * width + x] = 0;
    }
  }
}
