/**
 * Minutiae on the ridge skeleton by the crossing-number idea (Rutovitz 1966; Maltoni et al.,
 * Handbook of Fingerprint Recognition §3.7): a skeleton pixel whose neighbours form one branch is
 * a ridge ending, three or more a bifurcation. Each one's ridges are followed a fixed distance:
 * the end points give its direction (refined by the orientation field), and where a trace runs
 * into another minutia the two are linked, for the false-minutiae rules downstream.
 */
import { angleDifference, normaliseAngle, type MinutiaType } from './fingerprint-template.js';
import { CROSSING_NUMBER, RING_DX, RING_DY, RUN_STARTS, ringCode } from './thinning.js';

/** Steps followed along a ridge to take a minutia's direction (about one ridge period). */
const DIRECTION_STEPS = 10;
/** Steps followed to find a linked neighbour minutia. */
export const LINK_STEPS = 22;
/** How far the orientation field may disagree with the traced direction and still refine it. */
const REFINE_TOLERANCE = (35 * Math.PI) / 180;

export type MinutiaLink = { readonly other: number; readonly steps: number };

export type MinutiaCandidate = {
  readonly x: number;
  readonly y: number;
  readonly type: Extract<MinutiaType, 'ending' | 'bifurcation'>;
  /** Radians, counter-clockwise as seen on the image (ISO 19794-2 convention). */
  readonly angle: number;
  /** Minutiae reached by following this one's ridges, with the distance in pixels. */
  readonly links: MinutiaLink[];
};

type Trace = { readonly x: number; readonly y: number; readonly hit: number; readonly steps: number };

class SkeletonTracer {
  private readonly visited: Int32Array;
  private stamp = 0;

  constructor(
    private readonly skeleton: Uint8Array,
    private readonly width: number,
    private readonly minutiaAt: Int32Array,
  ) {
    this.visited = new Int32Array(skeleton.length);
  }

  /** Follows the ridge leaving `start` through ring neighbour `first`. */
  trace(start: number, first: number): Trace {
    const { width, visited } = this;
    const stamp = ++this.stamp;
    const sx = start % width;
    const sy = (start - sx) / width;
    visited[start] = stamp;
    for (let i = 0; i < 8; i++) visited[start + RING_DY[i]! * width + RING_DX[i]!] = stamp;
    let current = start + RING_DY[first]! * width + RING_DX[first]!;
    let direction = { x: sx, y: sy };
    for (let steps = 1; ; steps++) {
      const x = current % width;
      const y = (current - x) / width;
      if (steps === DIRECTION_STEPS) direction = { x, y };
      const hit = this.minutiaAt[current]!;
      const next = hit >= 0 || steps >= LINK_STEPS ? -1 : this.nextPixel(current, x, y, stamp);
      if (next < 0) {
        if (steps < DIRECTION_STEPS) direction = { x, y };
        return { x: direction.x, y: direction.y, hit, steps };
      }
      visited[current] = stamp;
      current = next;
    }
  }

  /** An unvisited skeleton neighbour, edge neighbours before corner ones; -1 at a dead end. */
  private nextPixel(current: number, x: number, y: number, stamp: number): number {
    if (x < 1 || y < 1 || x >= this.width - 1 || current + this.width >= this.skeleton.length) return -1;
    for (const parity of [0, 1]) {
      for (let i = parity; i < 8; i += 2) {
        const n = current + RING_DY[i]! * this.width + RING_DX[i]!;
        if (this.skeleton[n] === 1 && this.visited[n] !== stamp) {
          this.visited[n] = stamp;
          return n;
        }
      }
    }
    return -1;
  }
}

export function detectMinutiae(
  skeleton: Uint8Array,
  mask: Uint8Array,
  orientation: Float32Array,
  width: number,
  height: number,
): MinutiaCandidate[] {
  const minutiaAt = new Int32Array(skeleton.length).fill(-1);
  const found: { index: number; code: number }[] = [];
  for (let y = 2; y < height - 2; y++) {
    for (let x = 2; x < width - 2; x++) {
      const i = y * width + x;
      if (skeleton[i] !== 1 || mask[i] !== 1) continue;
      const code = ringCode(skeleton, width, x, y);
      const crossings = CROSSING_NUMBER[code]!;
      if (crossings === 1 || (crossings >= 3 && !nextToFork(minutiaAt, found, i, width))) {
        minutiaAt[i] = found.length;
        found.push({ index: i, code });
      }
    }
  }
  const tracer = new SkeletonTracer(skeleton, width, minutiaAt);
  return found.map(({ index, code }) => {
    const x = index % width;
    const y = (index - x) / width;
    const traces = RUN_STARTS[code]!.map((first) => tracer.trace(index, first));
    const type = CROSSING_NUMBER[code] === 1 ? 'ending' : 'bifurcation';
    const traced = type === 'ending' ? endingAngle(x, y, traces[0]!) : bifurcationAngle(x, y, traces);
    const links = traces.filter((t) => t.hit >= 0).map((t) => ({ other: t.hit, steps: t.steps }));
    return { x, y, type, angle: refine(traced, orientation[index]!), links };
  });
}

/** A fork already found on a neighbouring pixel (forks whose junction is a pixel triangle read twice). */
function nextToFork(minutiaAt: Int32Array, found: { code: number }[], i: number, width: number): boolean {
  for (let k = 0; k < 8; k++) {
    const other = minutiaAt[i + RING_DY[k]! * width + RING_DX[k]!]!;
    if (other >= 0 && CROSSING_NUMBER[found[other]!.code]! >= 3) return true;
  }
  return false;
}

/** An ending points from its ridge out past the end (image angle, y down). */
function endingAngle(x: number, y: number, trace: Trace): number {
  return Math.atan2(y - trace.y, x - trace.x);
}

/** A bifurcation points along its stem: the branch set apart from the other two. */
function bifurcationAngle(x: number, y: number, traces: Trace[]): number {
  const angles = traces.slice(0, 3).map((t) => Math.atan2(t.y - y, t.x - x));
  if (angles.length < 3) return angles[0] ?? 0;
  let stem = 0;
  let widest = -1;
  for (let i = 0; i < 3; i++) {
    const gap = Math.min(
      angleDifference(angles[i]!, angles[(i + 1) % 3]!),
      angleDifference(angles[i]!, angles[(i + 2) % 3]!),
    );
    if (gap > widest) {
      widest = gap;
      stem = i;
    }
  }
  return angles[stem]!;
}

/** The field direction (or its opposite) closest to the traced one, in ISO's counter-clockwise sense. */
function refine(tracedImageAngle: number, fieldOrientation: number): number {
  const flipped = fieldOrientation + Math.PI;
  const best =
    angleDifference(fieldOrientation, tracedImageAngle) < angleDifference(flipped, tracedImageAngle)
      ? fieldOrientation
      : flipped;
  const imageAngle = angleDifference(best, tracedImageAngle) <= REFINE_TOLERANCE ? best : tracedImageAngle;
  return normaliseAngle(-imageAngle);
}
