import { describe, expect, it } from 'vitest';
import { extractFromImage } from '../../../src/biometrics/fingerprint/fingerprint-extractor.js';
import { angleDifference } from '../../../src/biometrics/fingerprint/fingerprint-template.js';
import { detectMinutiae } from '../../../src/biometrics/fingerprint/minutiae-detection.js';
import { estimateOrientation } from '../../../src/biometrics/fingerprint/orientation-field.js';
import { normaliseContrast } from '../../../src/biometrics/fingerprint/segmentation.js';
import { thin } from '../../../src/biometrics/fingerprint/thinning.js';
import { grating, printWithOneMinutia } from './synthetic-prints.js';

const degrees = (d: number) => (d * Math.PI) / 180;

describe('orientation field', () => {
  it.each([0, 30, 75, 120, 160])('recovers ridges drawn at %i°', (angle) => {
    const image = grating(degrees(angle));
    const { orientation, coherence } = estimateOrientation(
      normaliseContrast(image),
      image.width,
      image.height,
    );
    const centre = 64 * image.width + 64;
    // Orientations are axial: 0° and 180° are the same ridge direction.
    const error = angleDifference(2 * orientation[centre]!, 2 * degrees(angle)) / 2;
    expect(error).toBeLessThan(degrees(3));
    expect(coherence[centre]).toBeGreaterThan(0.8);
  });
});

/** A one-pixel-wide drawing on a 160 × 160 canvas. */
function drawing(lines: [number, number, number, number][]): Uint8Array {
  const canvas = new Uint8Array(160 * 160);
  for (const [x0, y0, x1, y1] of lines) {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0));
    for (let s = 0; s <= steps; s++) {
      canvas[Math.round(y0 + ((y1 - y0) * s) / steps) * 160 + Math.round(x0 + ((x1 - x0) * s) / steps)] = 1;
    }
  }
  return canvas;
}

describe('minutiae on a skeleton', () => {
  const everywhere = new Uint8Array(160 * 160).fill(1);
  const flat = new Float32Array(160 * 160);

  it('finds a ridge ending where a ridge stops, pointing away from the ridge', () => {
    const skeleton = thin(drawing([[20, 80, 110, 80]]), 160, 160);
    const minutiae = detectMinutiae(skeleton, everywhere, flat, 160, 160);
    const end = minutiae.find((m) => m.x === 110 && m.y === 80);
    expect(end?.type).toBe('ending');
    expect(angleDifference(end!.angle, 0)).toBeLessThan(degrees(5));
  });

  it('finds a bifurcation where a ridge forks, pointing along its stem', () => {
    const skeleton = thin(
      drawing([
        [30, 80, 90, 80],
        [90, 80, 140, 40],
        [90, 80, 140, 120],
      ]),
      160,
      160,
    );
    const minutiae = detectMinutiae(skeleton, everywhere, flat, 160, 160);
    const forks = minutiae.filter((m) => m.type === 'bifurcation');
    expect(forks).toHaveLength(1);
    expect(Math.hypot(forks[0]!.x - 90, forks[0]!.y - 80)).toBeLessThanOrEqual(2);
    expect(angleDifference(forks[0]!.angle, Math.PI)).toBeLessThan(degrees(5));
  });
});

describe('extractor on a synthetic print', () => {
  // A phase singularity is one minutia; whether the ridges or the valleys end there is a matter
  // of where the pixel grid cuts it, so only its position is checked.
  it.each([
    [100, 100, true],
    [97, 103, true],
    [104, 98, false],
    [97, 103, false],
  ])('finds the one minutia drawn at (%i, %i) (dark ridges: %s)', (x, y, dark) => {
    const { template } = extractFromImage(printWithOneMinutia(x, y, dark));
    expect(template.minutiae.filter((m) => Math.hypot(m.x - x, m.y - y) <= 8)).toHaveLength(1);
  });

  it('refuses a blank image, saying why', () => {
    const blank = { width: 200, height: 200, pixels: new Float32Array(200 * 200).fill(200) };
    const { verdict } = extractFromImage(blank);
    expect(verdict.acceptable).toBe(false);
    if (!verdict.acceptable) expect(verdict.reason).toMatch(/finger/);
  });
});
