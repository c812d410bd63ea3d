/**
 * `npm run eval:face`: the face pipeline on LFW View 2 (pairs.txt, 10 folds × 300 genuine +
 * 300 impostor pairs). Prints the standard 10-fold accuracy (threshold chosen on nine folds,
 * tested on the tenth), then calibrates thresholds at FAR 1e-3 / 1e-4 on folds 1–5 (all
 * same-person and different-person pairs among their images) and reports TAR and FAR with
 * those thresholds on folds 6–10, whose identities the calibration never saw.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadFaceEngine, type FaceEngine } from '../src/biometrics/face/face-engine.js';
import { cosine } from '../src/biometrics/face/mobilefacenet-embedder.js';
import type { FaceDetection } from '../src/biometrics/face/yunet-detector.js';

const lfwDir = resolve(process.env.LFW_DIR ?? '../shared/data/faces/lfw');
const modelsDir = resolve(process.env.FACE_MODELS_DIR ?? '../shared/models');

type Pair = { readonly a: string; readonly b: string; readonly same: boolean; readonly fold: number };

function readPairs(): Pair[] {
  const lines = readFileSync(join(lfwDir, 'pairs.txt'), 'utf8').trim().split('\n');
  const [folds, perFold] = lines[0]!.split(/\s+/).map(Number) as [number, number];
  const file = (name: string, n: string) => `${name}_${n.padStart(4, '0')}.jpg`;
  const pairs: Pair[] = [];
  for (let i = 0; i < folds * perFold * 2; i++) {
    const f = lines[i + 1]!.trim().split(/\s+/);
    const fold = Math.floor(i / (perFold * 2));
    if (f.length === 3) pairs.push({ a: file(f[0]!, f[1]!), b: file(f[0]!, f[2]!), same: true, fold });
    else pairs.push({ a: file(f[0]!, f[1]!), b: file(f[2]!, f[3]!), same: false, fold });
  }
  return pairs;
}

/** LFW photos are centred on the named person: among several faces, take the most central. */
function central(faces: FaceDetection[], width: number, height: number): FaceDetection | undefined {
  const d = (f: FaceDetection) => Math.hypot(f.x + f.width / 2 - width / 2, f.y + f.height / 2 - height / 2);
  return [...faces].sort((p, q) => d(p) - d(q))[0];
}

async function embedAll(engine: FaceEngine, files: string[]): Promise<Map<string, Float32Array | null>> {
  const out = new Map<string, Float32Array | null>();
  const started = performance.now();
  for (const [i, file] of files.entries()) {
    const image = await engine.decode(readFileSync(join(lfwDir, file)));
    const face = central(await engine.detect(image), image.width, image.height);
    out.set(file, face === undefined ? null : await engine.embed(image, face));
    if ((i + 1) % 1000 === 0) console.log(`  embedded ${i + 1}/${files.length}`);
  }
  const ms = (performance.now() - started) / files.length;
  console.log(`embedded ${files.length} images, ${ms.toFixed(1)} ms per image (decode+detect+align+embed)`);
  return out;
}

function score(e: Map<string, Float32Array | null>, a: string, b: string): number {
  const x = e.get(a);
  const y = e.get(b);
  // A failure to detect counts as a non-match, as it would at a door.
  return x == null || y == null ? -1 : cosine(x, y);
}

function accuracyAt(scores: { s: number; same: boolean }[], thr: number): number {
  return scores.filter((p) => p.s >= thr === p.same).length / scores.length;
}

function bestThreshold(scores: { s: number; same: boolean }[]): number {
  let best = { thr: 0, acc: -1 };
  for (const { s } of scores) {
    const acc = accuracyAt(scores, s);
    if (acc > best.acc) best = { thr: s, acc };
  }
  return best.thr;
}

function tenFold(pairs: Pair[], e: Map<string, Float32Array | null>): void {
  const scored = pairs.map((p) => ({ s: score(e, p.a, p.b), same: p.same, fold: p.fold }));
  const accs: number[] = [];
  for (let fold = 0; fold < 10; fold++) {
    const thr = bestThreshold(scored.filter((p) => p.fold !== fold));
    accs.push(
      accuracyAt(
        scored.filter((p) => p.fold === fold),
        thr,
      ),
    );
  }
  const mean = accs.reduce((s, a) => s + a, 0) / accs.length;
  const sd = Math.sqrt(accs.reduce((s, a) => s + (a - mean) ** 2, 0) / accs.length);
  console.log(`LFW 10-fold accuracy: ${(mean * 100).toFixed(2)} % ± ${(sd * 100).toFixed(2)}`);
  const thr15 = bestThreshold(scored.filter((p) => p.fold < 5));
  const acc610 = accuracyAt(
    scored.filter((p) => p.fold >= 5),
    thr15,
  );
  console.log(
    `accuracy threshold from folds 1–5: ${thr15.toFixed(3)}; accuracy on folds 6–10: ${(acc610 * 100).toFixed(2)} %`,
  );
}

type AllPairs = { genuine: Float64Array; impostor: Float64Array };

/** Every pair of images among the given folds' photos, split by whether the names match. */
function allPairs(
  pairs: Pair[],
  folds: (f: number) => boolean,
  e: Map<string, Float32Array | null>,
): AllPairs {
  const files = [...new Set(pairs.filter((p) => folds(p.fold)).flatMap((p) => [p.a, p.b]))];
  const name = (f: string) => f.slice(0, -9);
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < files.length; i++)
    for (let j = i + 1; j < files.length; j++)
      (name(files[i]!) === name(files[j]!) ? genuine : impostor).push(score(e, files[i]!, files[j]!));
  return { genuine: Float64Array.from(genuine), impostor: Float64Array.from(impostor) };
}

function thresholdAtFar(impostor: Float64Array, far: number): number {
  const sorted = Float64Array.from(impostor).sort().reverse();
  return sorted[Math.floor(far * sorted.length)]! + 1e-6;
}

function rate(values: Float64Array, thr: number): number {
  let n = 0;
  for (const v of values) if (v >= thr) n++;
  return n / values.length;
}

async function main(): Promise<void> {
  if (!existsSync(join(lfwDir, 'pairs.txt'))) {
    console.log(`LFW not found at ${lfwDir} (set LFW_DIR): nothing to evaluate`);
    return;
  }
  const status = await loadFaceEngine(modelsDir);
  if (!status.available) throw new Error(status.reason);
  console.log(`models ${status.engine.modelVersion}; LFW ${lfwDir}`);
  const pairs = readPairs();
  const files = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort();
  const e = await embedAll(status.engine, files);
  console.log(
    `no face found in ${[...e.values()].filter((v) => v === null).length} of ${files.length} images`,
  );
  tenFold(pairs, e);
  const calib = allPairs(pairs, (f) => f < 5, e);
  const test = allPairs(pairs, (f) => f >= 5, e);
  console.log(
    `calibration (folds 1–5): ${calib.genuine.length} genuine, ${calib.impostor.length} impostor pairs`,
  );
  console.log(`test (folds 6–10): ${test.genuine.length} genuine, ${test.impostor.length} impostor pairs`);
  for (const far of [1e-3, 1e-4]) {
    const thr = thresholdAtFar(calib.impostor, far);
    const tar = rate(test.genuine, thr);
    const measuredFar = rate(test.impostor, thr);
    console.log(
      `FAR ${far}: threshold ${thr.toFixed(3)} (folds 1–5) → on folds 6–10 TAR ${(tar * 100).toFixed(2)} %, FAR ${measuredFar.toExponential(2)}`,
    );
  }
  for (const thr of [0.339, 0.411]) {
    console.log(
      `at threshold ${thr}: folds 6–10 FNMR ${((1 - rate(test.genuine, thr)) * 100).toFixed(2)} %, FMR ${rate(test.impostor, thr).toExponential(2)}`,
    );
  }
}

await main();
