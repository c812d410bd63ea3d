/**
 * Where a print's minutiae lie, computed once when a template is prepared for matching: a
 * coarse grid of their positions (so pairing under a transformation looks in a few cells),
 * and their convex hull (so a match can count only the minutiae inside both prints' area).
 */

/** Cell size of the position grid; pairing tolerances stay below it. */
export const POSITION_CELL = 24;

/** The convex hull, counter-clockwise (y up), with the outward unit normal of each edge v → v + 1. */
export type Hull = {
  readonly hullX: Float32Array;
  readonly hullY: Float32Array;
  readonly hullNormalX: Float32Array;
  readonly hullNormalY: Float32Array;
};

/** Andrew's monotone chain, with each edge's outward unit normal; fewer than three distinct points give an empty hull. */
export function convexHull(x: Float32Array, y: Float32Array): Hull {
  const order = Array.from(x, (_, i) => i).sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]!);
  const turn = (o: number, a: number, b: number) =>
    (x[a]! - x[o]!) * (y[b]! - y[o]!) - (y[a]! - y[o]!) * (x[b]! - x[o]!);
  const chain = (points: number[]) => {
    const kept: number[] = [];
    for (const p of points) {
      while (kept.length >= 2 && turn(kept[kept.length - 2]!, kept[kept.length - 1]!, p) <= 0) kept.pop();
      kept.push(p);
    }
    return kept.slice(0, -1);
  };
  let hull = [...chain(order), ...chain(order.reverse())];
  if (hull.length < 3) hull = [];
  const hullX = Float32Array.from(hull, (i) => x[i]!);
  const hullY = Float32Array.from(hull, (i) => y[i]!);
  const hullNormalX = new Float32Array(hull.length);
  const hullNormalY = new Float32Array(hull.length);
  for (let v = 0; v < hull.length; v++) {
    const w = (v + 1) % hull.length;
    const ex = hullX[w]! - hullX[v]!;
    const ey = hullY[w]! - hullY[v]!;
    const length = Math.hypot(ex, ey) || 1;
    hullNormalX[v] = ey / length;
    hullNormalY[v] = -ex / length;
  }
  return { hullX, hullY, hullNormalX, hullNormalY };
}

/**
 * Whether (px, py) lies inside the print's minutia hull widened by `margin` pixels; a print
 * without a hull (fewer than three minutiae) holds every point.
 */
export function insideHull(print: Hull, px: number, py: number, margin: number): boolean {
  const { hullX, hullY, hullNormalX, hullNormalY } = print;
  for (let v = 0; v < hullX.length; v++) {
    if ((px - hullX[v]!) * hullNormalX[v]! + (py - hullY[v]!) * hullNormalY[v]! > margin) return false;
  }
  return true;
}

export function positionGrid(x: Float32Array, y: Float32Array) {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < x.length; i++) {
    minX = Math.min(minX, x[i]!);
    maxX = Math.max(maxX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]!);
  }
  if (x.length === 0) [minX, minY, maxX, maxY] = [0, 0, 0, 0];
  const gridColumns = Math.floor((maxX - minX) / POSITION_CELL) + 1;
  const gridRows = Math.floor((maxY - minY) / POSITION_CELL) + 1;
  const cells = Int32Array.from(
    x,
    (xi, i) =>
      Math.floor((y[i]! - minY) / POSITION_CELL) * gridColumns + Math.floor((xi - minX) / POSITION_CELL),
  );
  const gridStart = new Int32Array(gridColumns * gridRows + 1);
  for (const c of cells) gridStart[c + 1]!++;
  for (let c = 0; c < gridColumns * gridRows; c++) gridStart[c + 1]! += gridStart[c]!;
  const fill = gridStart.slice(0, -1);
  const gridMinutiae = new Int32Array(x.length);
  cells.forEach((c, i) => (gridMinutiae[fill[c]!++] = i));
  return { gridX: minX, gridY: minY, gridColumns, gridRows, gridStart, gridMinutiae };
}
