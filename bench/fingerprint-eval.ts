/**
 * `npm run eval:fingerprint [set]`: the fingerprint engine on the FVC-style sets under
 * FINGERPRINT_DATA_DIR (default ../shared/data/fingerprints). Files are <finger>_<impression>;
 * genuine pairs are all pairs of impressions of one finger, impostor pairs all pairs of
 * impressions of two different fingers (280 and 2,880 for an FVC set of 10 × 8). Prints per set
 * the error rates and the time per extraction and per match; then the threshold at FMR ≤ 0.1 %
 * on FVC2002 DB2_B, 1:N identification, and the face + fingerprint fusion measurement.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractFingerprint } from '../src/biometrics/fingerprint/fingerprint-extractor.js';
import {
  prepareFingerprint,
  type PreparedFingerprint,
} from '../src/biometrics/fingerprint/local-structures.js';
import { matchFingerprints } from '../src/biometrics/fingerprint/minutiae-matcher.js';
import {
  FINGERPRINT_MATCH_THRESHOLD,
  normaliseFingerprintScore,
} from '../src/biometrics/fingerprint/fingerprint-verify.js';
import { fusionReport, type ScoredFingerPair } from './fingerprint-fusion.js';
import { identificationReport, type EnrolledImpression } from './fingerprint-identification.js';
import { equalErrorRate, errorReport, percent, ratesAt, thresholdAtFmr } from './fingerprint-metrics.js';

const dataDir = resolve(process.env.FINGERPRINT_DATA_DIR ?? '../shared/data/fingerprints');
const CALIBRATION_SET = 'fvc2002_db2_b';

type Impression = { readonly finger: string; readonly impression: number; readonly file: string };
type SetResult = {
  readonly genuine: Float64Array;
  readonly impostor: Float64Array;
  readonly pairs: ScoredFingerPair[];
  readonly enrolled: EnrolledImpression[];
};

/** CPU time since `since`: on a shared machine, wall time measures the neighbours too. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function impressions(setDir: string): Impression[] {
  return readdirSync(setDir)
    .filter((f) => /^\d+_\d+\.(tif|tiff|png|jpg|jpeg|bmp)$/i.test(f))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((file) => {
      const [finger, impression] = file.split(/[_.]/) as [string, string];
      return { finger, impression: Number(impression), file };
    });
}

async function extractAll(setDir: string, list: Impression[]): Promise<PreparedFingerprint[]> {
  const prepared: PreparedFingerprint[] = [];
  let refused = 0;
  let minutiae = 0;
  let extractionMs = 0;
  let extractionCpuMs = 0;
  let preparationMs = 0;
  for (const { file } of list) {
    const bytes = readFileSync(join(setDir, file));
    const started = performance.now();
    const cpu = process.cpuUsage();
    const { template, verdict } = await extractFingerprint(bytes);
    extractionCpuMs += cpuMs(cpu);
    const extracted = performance.now();
    prepared.push(prepareFingerprint(template));
    extractionMs += extracted - started;
    preparationMs += performance.now() - extracted;
    if (!verdict.acceptable) refused++;
    minutiae += template.minutiae.length;
  }
  console.log(
    `  extraction ${(extractionMs / list.length).toFixed(1)} ms per image (${(extractionCpuMs / list.length).toFixed(1)} ms CPU; decode included), preparation for matching ${(preparationMs / list.length).toFixed(2)} ms; ${(minutiae / list.length).toFixed(1)} minutiae on average; ${refused} of ${list.length} below the quality bar`,
  );
  return prepared;
}

function scoreAll(
  setName: string,
  list: Impression[],
  prepared: PreparedFingerprint[],
  firstPerson: number,
): SetResult {
  const fingers = [...new Set(list.map((i) => i.finger))];
  const person = (i: Impression) => firstPerson + fingers.indexOf(i.finger);
  const result: SetResult = {
    genuine: new Float64Array(),
    impostor: new Float64Array(),
    pairs: [],
    enrolled: [],
  };
  const genuine: number[] = [];
  const impostor: number[] = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const score = matchFingerprints(prepared[i]!, prepared[j]!).score;
      const [a, b] = [list[i]!, list[j]!];
      (a.finger === b.finger ? genuine : impostor).push(score);
      result.pairs.push({
        personA: person(a),
        impressionA: a.impression,
        personB: person(b),
        impressionB: b.impression,
        normalisedScore: normaliseFingerprintScore(score),
      });
    }
  }
  const ms = (performance.now() - started) / result.pairs.length;
  const msCpu = cpuMs(cpu) / result.pairs.length;
  console.log(
    `  ${genuine.length} genuine, ${impostor.length} impostor pairs; ${ms.toFixed(3)} ms per match (${msCpu.toFixed(3)} ms CPU)`,
  );
  list.forEach((impression, i) =>
    result.enrolled.push({
      set: setName,
      person: person(impression),
      impression: impression.impression,
      fingerprint: prepared[i]!,
    }),
  );
  return { ...result, genuine: Float64Array.from(genuine), impostor: Float64Array.from(impostor) };
}

async function evaluateSet(name: string, firstPerson: number): Promise<SetResult> {
  const setDir = join(dataDir, name);
  console.log(`\n${name}`);
  const list = impressions(setDir);
  const result = scoreAll(name, list, await extractAll(setDir, list), firstPerson);
  for (const line of errorReport(result.genuine, result.impostor)) console.log(`  ${line}`);
  return result;
}

function summary(results: Map<string, SetResult>): void {
  const fvc2000 = [...results.entries()].filter(([name]) => name.startsWith('fvc2000'));
  if (fvc2000.length > 0) {
    const mean =
      fvc2000.reduce((sum, [, r]) => sum + equalErrorRate(r.genuine, r.impostor), 0) / fvc2000.length;
    console.log(`\nmean EER over ${fvc2000.length} FVC2000 sets: ${percent(mean)}`);
  }
  const calibration = results.get(CALIBRATION_SET);
  if (calibration === undefined) return;
  const at = thresholdAtFmr(calibration.genuine, calibration.impostor, 0.001);
  console.log(
    `threshold at FMR ≤ 0.1 % on ${CALIBRATION_SET}: ${at.threshold.toFixed(4)} (FMR ${percent(at.fmr)}, FNMR ${percent(at.fnmr)})`,
  );
  for (const [name, r] of results) {
    const rates = ratesAt(r.genuine, r.impostor, FINGERPRINT_MATCH_THRESHOLD);
    console.log(
      `  at the exported threshold ${FINGERPRINT_MATCH_THRESHOLD} on ${name}: FMR ${percent(rates.fmr)}, FNMR ${percent(rates.fnmr)}`,
    );
  }
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
    .filter((s) => requested === undefined || s === requested)
    .sort();
  if (sets.length === 0) {
    console.log(`no set named ${requested} in ${dataDir}`);
    process.exitCode = 1;
    return;
  }
  const results = new Map<string, SetResult>();
  let people = 0;
  for (const set of sets) {
    const result = await evaluateSet(set, people);
    results.set(set, result);
    people += new Set(result.enrolled.map((e) => e.person)).size;
  }
  summary(results);
  const all = [...results.values()];
  console.log('\n1:N identification (impression 1 of every finger enrolled, impressions 2–8 as probes)');
  for (const line of identificationReport(all.flatMap((r) => r.enrolled))) console.log(`  ${line}`);
  console.log('\nface + fingerprint fusion (sum rule over normalised scores)');
  for (const line of fusionReport(
    all.flatMap((r) => r.pairs),
    resolve(dataDir, '../embeddings'),
  ))
    console.log(`  ${line}`);
}

await main();
