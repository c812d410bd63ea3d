/**
 * Synthetic fingerprint material for the tests: ridge gratings of known direction, a ridge
 * pattern with one phase singularity (which is exactly one minutia), random minutiae templates
 * and rigid transformations of them. Deterministic: a seeded generator, no files.
 */
import type { GreyImage } from '../../../src/biometrics/fingerprint/fingerprint-image.js';
import {
  normaliseAngle,
  type FingerprintTemplate,
  type Minutia,
} from '../../../src/biometrics/fingerprint/fingerprint-template.js';

export const PERIOD = 9;

function image(width: number, height: number, grey: (x: number, y: number) => number): GreyImage {
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = grey(x, y);
  return { width, height, pixels };
}

/** Straight ridges running at `theta` (image angle, y down). */
export function grating(theta: number, size = 128): GreyImage {
  return image(
    size,
    size,
    (x, y) => 128 + 100 * Math.cos((2 * Math.PI * (-x * Math.sin(theta) + y * Math.cos(theta))) / PERIOD),
  );
}

/**
 * Near-vertical ridges with one extra ridge starting at (cx, cy): the phase winds once around
 * that point. With dark ridges on one polarity the extra ridge ends there, on the other it forks.
 */
export function printWithOneMinutia(cx: number, cy: number, ridgesDark: boolean, size = 200): GreyImage {
  const sign = ridgesDark ? -1 : 1;
  return image(
    size,
    size,
    (x, y) => 128 + sign * 100 * Math.cos((2 * Math.PI * x) / PERIOD + Math.atan2(y - cy, x - cx)),
  );
}

/** A seeded uniform generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` minutiae spread over a 300 × 300 print, none closer than 12 pixels. */
export function randomTemplate(seed: number, count = 40): FingerprintTemplate {
  const next = random(seed);
  const minutiae: Minutia[] = [];
  while (minutiae.length < count) {
    const x = 20 + next() * 260;
    const y = 20 + next() * 260;
    if (minutiae.some((m) => Math.hypot(m.x - x, m.y - y) < 12)) continue;
    minutiae.push({
      x,
      y,
      angle: next() * 2 * Math.PI,
      type: next() < 0.5 ? 'ending' : 'bifurcation',
      quality: 80,
    });
  }
  return { width: 300, height: 300, resolutionDpi: 500, quality: 80, minutiae };
}

/**
 * The template as another impression would give it: rotated by `rotation` (counter-clockwise on
 * the image) about the centre, shifted, positions and angles jittered, a few minutiae lost.
 */
export function reimpress(
  template: FingerprintTemplate,
  rotation: number,
  shiftX: number,
  shiftY: number,
  seed: number,
): FingerprintTemplate {
  const next = random(seed);
  const [cx, cy] = [template.width / 2, template.height / 2];
  const minutiae = template.minutiae
    .filter(() => next() > 0.1)
    .map((m) => {
      const dx = m.x - cx;
      const dy = m.y - cy;
      // Counter-clockwise on the image means clockwise in y-down coordinates.
      const x = cx + dx * Math.cos(rotation) + dy * Math.sin(rotation) + shiftX + (next() - 0.5) * 4;
      const y = cy - dx * Math.sin(rotation) + dy * Math.cos(rotation) + shiftY + (next() - 0.5) * 4;
      return { ...m, x, y, angle: normaliseAngle(m.angle + rotation + (next() - 0.5) * 0.1) };
    });
  return { ...template, width: template.width + 200, height: template.height + 200, minutiae };
}
