/**
 * Removing false minutiae with the structural rules of Xiao & Raafat (1991) and Ratha et al.
 * (1995): spurs (an ending linked to a bifurcation over a short ridge), short ridges and islands
 * (two linked endings), bridges and small lakes (two linked bifurcations), broken ridges (two
 * close endings facing each other), minutiae on the edge of the print, and tight clusters.
 */
import { angleDifference, type MinutiaType } from './fingerprint-template.js';
import type { MinutiaCandidate } from './minutiae-detection.js';

const SPUR_LENGTH = 7;
const SHORT_RIDGE_LENGTH = 9;
const BRIDGE_LENGTH = 7;
const BROKEN_RIDGE_GAP = 16;
const EDGE_MARGIN = 8;
const CLUSTER_DISTANCE = 6;

function linkLimit(a: MinutiaType, b: MinutiaType): number {
  if (a === 'ending' && b === 'ending') return SHORT_RIDGE_LENGTH;
  if (a === 'bifurcation' && b === 'bifurcation') return BRIDGE_LENGTH;
  return SPUR_LENGTH;
}

/** True when the print's background or the image edge lies within EDGE_MARGIN pixels. */
function nearEdge(m: MinutiaCandidate, mask: Uint8Array, width: number, height: number): boolean {
  for (let k = 0; k < 16; k++) {
    const a = (k * Math.PI) / 8;
    for (const r of [EDGE_MARGIN / 2, EDGE_MARGIN]) {
      const x = Math.round(m.x + r * Math.cos(a));
      const y = Math.round(m.y + r * Math.sin(a));
      if (x < 0 || y < 0 || x >= width || y >= height || mask[y * width + x] !== 1) return true;
    }
  }
  return false;
}

/** Two endings close together whose ridges point at each other: one ridge with a gap. */
function brokenRidge(a: MinutiaCandidate, b: MinutiaCandidate): boolean {
  if (a.type !== 'ending' || b.type !== 'ending') return false;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  if (dx * dx + dy * dy > BROKEN_RIDGE_GAP * BROKEN_RIDGE_GAP) return false;
  // Minutia angles count counter-clockwise on the image, so the y difference is negated.
  const towardsB = Math.atan2(a.y - b.y, b.x - a.x);
  return (
    angleDifference(a.angle, b.angle + Math.PI) < Math.PI / 4 &&
    angleDifference(a.angle, towardsB) < Math.PI / 3
  );
}

export function removeFalseMinutiae(
  candidates: readonly MinutiaCandidate[],
  mask: Uint8Array,
  width: number,
  height: number,
): MinutiaCandidate[] {
  const dropped = new Uint8Array(candidates.length);
  candidates.forEach((m, i) => {
    for (const link of m.links) {
      const other = candidates[link.other]!;
      if (link.steps <= linkLimit(m.type, other.type)) dropped[i] = dropped[link.other] = 1;
    }
  });
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      const a = candidates[i]!;
      const b = candidates[j]!;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      // Only pairs within BROKEN_RIDGE_GAP can be a broken ridge or a cluster.
      if (Math.abs(dx) > BROKEN_RIDGE_GAP || Math.abs(dy) > BROKEN_RIDGE_GAP) continue;
      if (brokenRidge(a, b) || dx * dx + dy * dy < CLUSTER_DISTANCE * CLUSTER_DISTANCE)
        dropped[i] = dropped[j] = 1;
    }
  }
  return candidates.filter((m, i) => dropped[i] === 0 && !nearEdge(m, mask, width, height));
}
