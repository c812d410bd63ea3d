import { describe, expect, it } from 'vitest';
import { indexKey } from '../../../src/biometrics/fingerprint/fingerprint-identify.js';
import type { FingerprintTemplate } from '../../../src/biometrics/fingerprint/fingerprint-template.js';
import { normaliseAngle } from '../../../src/biometrics/fingerprint/fingerprint-template.js';
import { verifyFingerprint } from '../../../src/biometrics/fingerprint/fingerprint-verify.js';
import { boxMean } from '../../../src/biometrics/fingerprint/image-filters.js';
import {
  prepareFingerprint,
  similarityMatrix,
} from '../../../src/biometrics/fingerprint/local-structures.js';
import { insideHull } from '../../../src/biometrics/fingerprint/minutia-geometry.js';
import { normaliseContrast } from '../../../src/biometrics/fingerprint/segmentation.js';
import { random, randomTemplate, reimpress } from './synthetic-prints.js';

const degrees = (d: number) => (d * Math.PI) / 180;

describe('contrast normalisation', () => {
  const width = 70;
  const height = 50;
  const next = random(7);
  const pixels = Float32Array.from({ length: width * height }, (_, i) =>
    Math.round(128 + 90 * Math.sin(i / 3) + 40 * next()),
  );
  const image = { width, height, pixels };

  it('equals the window mean and spread computed pixel by pixel, clipped to [−1, 1]', () => {
    const smoothed = boxMean(pixels, width, height, 1);
    const out = normaliseContrast(image);
    for (const [x, y] of [
      [0, 0],
      [5, 7],
      [35, 25],
      [69, 49],
      [60, 3],
    ] as const) {
      let sum = 0;
      let squares = 0;
      let n = 0;
      for (let v = Math.max(0, y - 12); v <= Math.min(height - 1, y + 12); v++) {
        for (let u = Math.max(0, x - 12); u <= Math.min(width - 1, x + 12); u++) {
          const value = smoothed[v * width + u]!;
          sum += value;
          squares += value * value;
          n++;
        }
      }
      const mean = sum / n;
      const std = Math.sqrt(Math.max(0, squares / n - mean * mean));
      const expected = Math.max(-1, Math.min(1, (mean - pixels[y * width + x]!) / (std + 4)));
      expect(out[y * width + x]).toBeCloseTo(expected, 4);
    }
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(-1);
  });
});

function template(minutiae: [number, number, number][]): FingerprintTemplate {
  return {
    width: 400,
    height: 400,
    resolutionDpi: 500,
    quality: 80,
    minutiae: minutiae.map(([x, y, angle]) => ({ x, y, angle, type: 'ending', quality: 80 })),
  };
}

describe('minutia hull', () => {
  // Image coordinates (y down); the prepared print turns y upwards.
  const square = prepareFingerprint(
    template([
      [100, 100, 0],
      [200, 100, 1],
      [200, 200, 2],
      [100, 200, 3],
      [150, 150, 4],
    ]),
  );

  it('holds the points inside it and those within the margin, not those beyond', () => {
    expect(square.hullX).toHaveLength(4);
    expect(insideHull(square, 150, -150, 0)).toBe(true);
    expect(insideHull(square, 205, -150, 0)).toBe(false);
    expect(insideHull(square, 205, -150, 10)).toBe(true);
    expect(insideHull(square, 150, -95, 10)).toBe(true);
    expect(insideHull(square, 150, -85, 10)).toBe(false);
    expect(insideHull(square, 95, -215, 10)).toBe(false);
  });

  it('holds every point when there are too few minutiae for an area', () => {
    const pair = prepareFingerprint(
      template([
        [100, 100, 0],
        [200, 100, 1],
      ]),
    );
    expect(insideHull(pair, 1000, 1000, 0)).toBe(true);
  });
});

describe('local similarity look-up', () => {
  it('finds every neighbourhood in itself', () => {
    const print = prepareFingerprint(randomTemplate(21));
    const out = new Float32Array(print.count * print.count);
    similarityMatrix(print, print, out);
    for (let i = 0; i < print.count; i++) expect(out[i * print.count + i]).toBe(1);
  });

  it('finds neighbourhoods within tolerance across bucket edges, angles wrapping at 0 and 2π', () => {
    // Directions close to 0 and 2π and a rotation of 1°: many descriptors change bucket.
    const next = random(5);
    const base = randomTemplate(22);
    const nearZero = {
      ...base,
      minutiae: base.minutiae.map((m) => ({ ...m, angle: normaliseAngle((next() - 0.5) * 0.2) })),
    };
    const moved = reimpress(nearZero, degrees(1), 0, 0, 3);
    const probe = prepareFingerprint(moved);
    const reference = prepareFingerprint(nearZero);
    const out = new Float32Array(probe.count * reference.count);
    similarityMatrix(probe, reference, out);
    // reimpress drops about one minutia in ten; match each kept one to its original by position.
    let strong = 0;
    for (let i = 0; i < probe.count; i++) {
      let k = 0;
      for (let j = 1; j < reference.count; j++) {
        const d = Math.hypot(reference.x[j]! - probe.x[i]!, reference.y[j]! - probe.y[i]!);
        if (d < Math.hypot(reference.x[k]! - probe.x[i]!, reference.y[k]! - probe.y[i]!)) k = j;
      }
      if (out[i * reference.count + k]! >= 0.6) strong++;
    }
    expect(strong / probe.count).toBeGreaterThan(0.9);
  });

  it('finds little in the neighbourhoods of another finger', () => {
    const probe = prepareFingerprint(randomTemplate(23));
    const reference = prepareFingerprint(randomTemplate(24));
    const out = new Float32Array(probe.count * reference.count);
    similarityMatrix(probe, reference, out);
    const mean = out.reduce((s, v) => s + v, 0) / out.length;
    expect(mean).toBeLessThan(0.02);
  });
});

describe('overlap-normalised score', () => {
  const enrolled = randomTemplate(31);
  const probe = reimpress(enrolled, degrees(10), 100, 100, 4);
  const base = verifyFingerprint(probe, enrolled).score;

  function withExtra(print: FingerprintTemplate, extra: [number, number][]): FingerprintTemplate {
    const next = random(9);
    return {
      ...print,
      width: 1200,
      minutiae: [
        ...print.minutiae,
        ...extra.map(([x, y]) => ({
          x,
          y,
          angle: next() * 2 * Math.PI,
          type: 'ending' as const,
          quality: 80,
        })),
      ],
    };
  }

  it('ignores minutiae of the reference outside the area the two prints share', () => {
    const far = Array.from({ length: 12 }, (_, i): [number, number] => [500 + 25 * (i % 4), 40 + 20 * i]);
    expect(verifyFingerprint(probe, withExtra(enrolled, far)).score).toBeCloseTo(base, 6);
  });

  it('falls when many minutiae inside the shared area find no partner', () => {
    const next = random(10);
    const inside = Array.from({ length: 25 }, (): [number, number] => [
      140 + next() * 220,
      140 + next() * 220,
    ]);
    const score = verifyFingerprint(withExtra(probe, inside), enrolled).score;
    expect(score).toBeLessThan(0.9 * base);
    expect(score).toBeGreaterThan(0);
  });
});

describe('index key', () => {
  const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
  const keyOf = (t: FingerprintTemplate) => indexKey(prepareFingerprint(t));

  it('is of unit length and the same for a rotated and shifted print', () => {
    const key = keyOf(randomTemplate(41));
    expect(cosine(key, key)).toBeCloseTo(1, 5);
    const turned = keyOf(reimpress({ ...randomTemplate(41) }, degrees(70), 50, -20, 0));
    expect(cosine(key, turned)).toBeGreaterThan(0.75);
  });

  it.each([42, 43, 44, 45])('ranks another impression above other fingers (seed %i)', (seed) => {
    const enrolled = keyOf(randomTemplate(seed));
    const probe = keyOf(reimpress(randomTemplate(seed), degrees(-25), 80, 60, seed));
    for (let other = 50; other < 60; other++)
      expect(cosine(probe, enrolled)).toBeGreaterThan(cosine(probe, keyOf(randomTemplate(other))));
  });
});
