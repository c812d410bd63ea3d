import { describe, expect, it } from 'vitest';
import { galleryEntry, identify } from '../../../src/biometrics/fingerprint/fingerprint-identify.js';
import {
  templateFromIsoRecord,
  templateToIsoRecord,
} from '../../../src/biometrics/fingerprint/fingerprint-record.js';
import {
  FINGERPRINT_MATCH_THRESHOLD,
  normaliseFingerprintScore,
  verifyFingerprint,
} from '../../../src/biometrics/fingerprint/fingerprint-verify.js';
import { randomTemplate, reimpress } from './synthetic-prints.js';

const degrees = (d: number) => (d * Math.PI) / 180;

describe('fingerprint matcher', () => {
  const enrolled = randomTemplate(1);

  it.each([
    [0, 0, 0],
    [25, 40, -30],
    [-40, -60, 15],
    [90, 0, 80],
    [180, 10, 10],
  ])('matches the same finger rotated by %i° and shifted by (%i, %i)', (rotation, dx, dy) => {
    const probe = reimpress(enrolled, degrees(rotation), dx + 100, dy + 100, rotation + 11);
    const result = verifyFingerprint(probe, enrolled);
    expect(result.matched).toBe(true);
    expect(result.normalisedScore).toBeGreaterThan(0.5);
    expect(result.pairedMinutiae).toBeGreaterThan(25);
  });

  it('matches when only part of the finger overlaps', () => {
    const half = { ...enrolled, minutiae: enrolled.minutiae.filter((m) => m.x < 170) };
    expect(verifyFingerprint(reimpress(half, degrees(15), 100, 100, 5), enrolled).matched).toBe(true);
  });

  it('matches after a round trip through the ISO record', () => {
    const probe = templateFromIsoRecord(templateToIsoRecord(reimpress(enrolled, degrees(30), 100, 100, 3)));
    expect(verifyFingerprint(probe, templateFromIsoRecord(templateToIsoRecord(enrolled))).matched).toBe(true);
  });

  it.each([2, 3, 4, 5, 6])('does not match a different finger (seed %i)', (seed) => {
    const result = verifyFingerprint(randomTemplate(seed), enrolled);
    expect(result.matched).toBe(false);
    expect(result.normalisedScore).toBeLessThan(0.5);
  });

  it('normalises scores to [0, 1] with the threshold at 0.5', () => {
    expect(normaliseFingerprintScore(0)).toBe(0);
    expect(normaliseFingerprintScore(FINGERPRINT_MATCH_THRESHOLD)).toBe(0.5);
    expect(normaliseFingerprintScore(10 * FINGERPRINT_MATCH_THRESHOLD)).toBe(1);
  });
});

describe('identify', () => {
  const gallery = Array.from({ length: 60 }, (_, i) => galleryEntry(`finger-${i}`, randomTemplate(100 + i)));

  it('ranks the enrolled finger first among 60', () => {
    const probe = reimpress(randomTemplate(137), degrees(-20), 90, 120, 9);
    const [first, second] = identify(probe, gallery, 3);
    expect(first?.id).toBe('finger-37');
    expect(first!.score).toBeGreaterThanOrEqual(FINGERPRINT_MATCH_THRESHOLD);
    expect(second!.score).toBeLessThan(FINGERPRINT_MATCH_THRESHOLD);
  });

  it('returns at most `limit` candidates, best first', () => {
    const found = identify(randomTemplate(999), gallery, 5);
    expect(found).toHaveLength(5);
    expect(found.map((c) => c.score)).toEqual([...found.map((c) => c.score)].sort((a, b) => b - a));
  });
});
