import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFingerprint } from '../../../src/biometrics/fingerprint/fingerprint-extractor.js';
import { verifyFingerprint } from '../../../src/biometrics/fingerprint/fingerprint-verify.js';

const SET_DIR = resolve(process.env.FINGERPRINT_DATA_DIR ?? '../shared/data/fingerprints', 'fvc2002_db2_b');
const missing = !existsSync(join(SET_DIR, '101_1.tif'));
if (missing)
  console.warn(`skipping the FVC fingerprint test: ${SET_DIR} not found (set FINGERPRINT_DATA_DIR)`);

const extract = async (file: string) =>
  (await extractFingerprint(readFileSync(join(SET_DIR, file)))).template;

describe('real impressions (FVC2002 DB2_B)', () => {
  it.skipIf(missing)('matches two impressions of one finger and not those of another', async () => {
    const [first, second, other] = await Promise.all(['101_1.tif', '101_2.tif', '102_1.tif'].map(extract));
    expect(first!.minutiae.length).toBeGreaterThan(20);
    expect(verifyFingerprint(second!, first!).matched).toBe(true);
    expect(verifyFingerprint(other!, first!).matched).toBe(false);
  });
});
