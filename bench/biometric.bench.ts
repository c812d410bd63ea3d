/**
 * Biometric figures: (1) end-to-end HTTP latency of enrolment and 1:1 verification for a
 * 1-megapixel JPEG (a real listening server, requests one at a time, so the figure is the
 * latency a door would see, not throughput); (2) 1:N search over 100,000 templates built from
 * the 13,233 real LFW embeddings plus perturbed copies, by the typed-array loop the index uses
 * and by onnxruntime Gemm + TopK. Needs ../shared/models and ../shared/data (skips without).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import sharp from 'sharp';
import { createEmbeddingIndex, searchMatrix } from '../src/biometrics/face/embedding-index.js';
import { l2Normalize } from '../src/biometrics/face/mobilefacenet-embedder.js';
import { createOnnxTopK } from '../src/biometrics/face/onnx-topk-search.js';
import { startSystem } from '../src/composition/system.js';
import { loadConfig } from '../src/config.js';

const MODELS = resolve(process.env.FACE_MODELS_DIR ?? '../shared/models');
const LFW = resolve('../shared/data/faces/lfw');
const EMBEDDINGS = resolve('../shared/data/embeddings/lfw_deepfunneled_all13233_mobilefacenet128.f32');

export async function benchBiometric(
  options = { people: 30, templates: 100_000, queries: 200 },
): Promise<void> {
  if (!existsSync(MODELS) || !existsSync(LFW) || !existsSync(EMBEDDINGS)) {
    console.log('biometric bench skipped: ../shared/models or ../shared/data not found');
    return;
  }
  await benchHttpLatency(options.people);
  await benchSearch(options.templates, options.queries);
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!.toFixed(1);
  return `p50 ${at(0.5)} ms   p95 ${at(0.95)} ms   max ${at(1)} ms   (n=${s.length})`;
}

async function megapixelJpeg(file: string): Promise<string> {
  const jpeg = await sharp(join(LFW, file)).resize(1000, 1000).jpeg({ quality: 90 }).toBuffer();
  return jpeg.toString('base64');
}

async function benchHttpLatency(people: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-bench-bio-'));
  const admin = { email: 'admin@example.org', password: 'bench-password-1' };
  const config = loadConfig({
    DATA_DIR: dataDir,
    JWT_SECRET: 'a-bench-secret-that-is-long-enough-for-hs256',
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    BCRYPT_COST: '4',
    FACE_MODELS_DIR: MODELS,
  });
  const { app, close } = await startSystem(config, pino({ level: 'silent' }));
  try {
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const call = async (path: string, body: unknown, token?: string) => {
      const started = performance.now();
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
      return { json, ms: performance.now() - started };
    };
    const token = (await call('/api/auth/login', admin)).json.accessToken as string;
    // LFW photos often show other people behind the subject; those are refused (MULTIPLE_FACES) and skipped.
    const files = readdirSync(LFW).filter((f) => f.endsWith('_0001.jpg'));
    const enrolMs: number[] = [];
    const verifyMs: number[] = [];
    const enrolled: { subjectId: string; image: string }[] = [];
    let refused = 0;
    for (const file of files) {
      if (enrolled.length === people) break;
      const image = await megapixelJpeg(file);
      const subjectId = randomUUID();
      try {
        enrolMs.push(
          (
            await call(
              '/api/biometric/enroll',
              { subjectId, subjectType: 'employee', modality: 'face', image },
              token,
            )
          ).ms,
        );
        enrolled.push({ subjectId, image });
      } catch {
        refused++;
      }
    }
    console.log(
      `1 MP JPEG (1000×1000, q90, about ${Math.round((enrolled[0]!.image.length * 3) / 4 / 1024)} KiB); ${refused} LFW photos refused at enrolment`,
    );
    for (const round of [0, 1])
      for (const { subjectId, image } of enrolled) {
        const { ms } = await call(
          '/api/biometric/verify',
          { subjectId, samples: [{ modality: 'face', image }] },
          token,
        );
        if (round === 1) verifyMs.push(ms); // round 0 warms up
      }
    console.log(`POST /api/biometric/enroll, 1 MP JPEG over HTTP   ${stats(enrolMs)}`);
    console.log(`POST /api/biometric/verify, 1 MP JPEG over HTTP   ${stats(verifyMs)}`);
  } finally {
    await close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A small deterministic PRNG (mulberry32) with Box–Muller normals: the same templates every run. */
function normals(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

function perturbed(real: Float32Array, row: number, noise: () => number, sigma: number): Float32Array {
  const v = new Float32Array(128);
  for (let j = 0; j < 128; j++) v[j] = real[row * 128 + j]! + sigma * noise();
  return l2Normalize(v);
}

async function benchSearch(total: number, queries: number): Promise<void> {
  const bytes = readFileSync(EMBEDDINGS);
  const real = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  const count = real.length / 128;
  const noise = normals(7);
  const index = createEmbeddingIndex(total, await createOnnxTopK(1));
  const matrix = new Float32Array(total * 128);
  for (let i = 0; i < total; i++) {
    // The real embeddings first, then copies with noise (σ 0.03 per dimension, about what a second photo of the same person gives).
    const v = i < count ? real.slice(i * 128, (i + 1) * 128) : perturbed(real, i % count, noise, 0.03);
    matrix.set(v, i * 128);
    index.upsert({ templateId: `t${i}`, subjectId: `s${i}`, subjectType: 'employee' }, v);
  }
  const probes = Array.from({ length: queries }, (_, q) => perturbed(real, (q * 61) % count, noise, 0.03));
  const loopMs: number[] = [];
  const loopTop: number[] = [];
  for (const probe of probes) {
    const started = performance.now();
    const hit = searchMatrix(matrix, total, probe, 5)[0]!;
    loopMs.push(performance.now() - started);
    loopTop.push(hit.row);
  }
  const indexMs: number[] = [];
  for (const probe of probes) {
    const started = performance.now();
    await index.search(probe, 5);
    indexMs.push(performance.now() - started);
  }
  for (const threads of [1, 2]) {
    const onnx = await createOnnxTopK(threads);
    await onnx.search(matrix, total, probes[0]!, 5);
    const onnxMs: number[] = [];
    let agree = 0;
    for (const [q, probe] of probes.entries()) {
      const started = performance.now();
      const hit = (await onnx.search(matrix, total, probe, 5))[0]!;
      onnxMs.push(performance.now() - started);
      if (hit.row === loopTop[q]) agree++;
    }
    console.log(
      `1:N ${total} × 128-d, onnxruntime Gemm+TopK (${threads} thread${threads > 1 ? 's' : ''})   ${stats(onnxMs)}   top-1 agrees ${agree}/${queries}`,
    );
  }
  console.log(`1:N ${total} × 128-d, typed-array loop (searchMatrix)   ${stats(loopMs)}`);
  console.log(`1:N ${total} × 128-d, EmbeddingIndex.search (as served)  ${stats(indexMs)}`);
}
