import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DETECTOR_FILE,
  RECOGNIZER_FILE,
  loadFaceEngine,
  type FaceEngine,
} from '../../../src/biometrics/face/face-engine.js';
import {
  ALIGNED_SIZE,
  TEMPLATE_112,
  alignFace,
  applySimilarity,
  similarityTransform,
} from '../../../src/biometrics/face/face-align.js';
import { cosine, meanEmbedding } from '../../../src/biometrics/face/mobilefacenet-embedder.js';
import { loadConfig } from '../../../src/config.js';
import {
  ENROL_PHOTOS,
  faceDataMissing,
  facePhoto,
  MODELS_DIR,
  noFacePhoto,
  PEOPLE,
  PROBE_PHOTOS,
  twoFacePhoto,
} from './small-faces.js';

const threshold = loadConfig({}).faceMatchThreshold;

describe('similarity alignment', () => {
  it('recovers a known rotation, scale and shift exactly', () => {
    const t = { a: 0.8 * Math.cos(0.3), b: 0.8 * Math.sin(0.3), tx: 12, ty: -5 };
    const from = TEMPLATE_112.map(([x, y]) => [x * 2 + 7, y * 2 - 3] as const);
    const to = from.map((p) => applySimilarity(t, p));
    const found = similarityTransform(from, to);
    expect(found.a).toBeCloseTo(t.a, 9);
    expect(found.b).toBeCloseTo(t.b, 9);
    expect(found.tx).toBeCloseTo(t.tx, 9);
    expect(found.ty).toBeCloseTo(t.ty, 9);
  });
});

describe.skipIf(faceDataMissing !== undefined)('face pipeline on the small set (8 people × 5 photos)', () => {
  let engine: FaceEngine;
  const embeddings = new Map<string, Float32Array[]>();

  beforeAll(async () => {
    const status = await loadFaceEngine(MODELS_DIR);
    if (!status.available) throw new Error(status.reason);
    engine = status.engine;
    for (const person of PEOPLE) {
      const list: Float32Array[] = [];
      for (let n = 1; n <= 5; n++) {
        const image = await engine.decode(facePhoto(person, n));
        const [face] = await engine.detect(image);
        list.push(await engine.embed(image, face!));
      }
      embeddings.set(person, list);
    }
  });

  it('finds exactly one confident face in every photo, eyes above the mouth', async () => {
    for (const person of PEOPLE) {
      for (let n = 1; n <= 5; n++) {
        const faces = await engine.detect(await engine.decode(facePhoto(person, n)));
        expect(faces).toHaveLength(1);
        const [rightEye, leftEye, , rightMouth] = faces[0]!.landmarks;
        expect(faces[0]!.score).toBeGreaterThan(0.8);
        expect(rightEye[0]).toBeLessThan(leftEye[0]);
        expect(rightEye[1]).toBeLessThan(rightMouth[1]);
      }
    }
  });

  it('finds no face in a plain picture and two in a side-by-side picture', async () => {
    expect(await engine.detect(await engine.decode(await noFacePhoto()))).toHaveLength(0);
    expect(await engine.detect(await engine.decode(await twoFacePhoto()))).toHaveLength(2);
  });

  it('aligns the landmarks onto the 112×112 template', async () => {
    const image = await engine.decode(facePhoto('penny', 1));
    const [face] = await engine.detect(image);
    const aligned = alignFace(image, face!.landmarks);
    expect([aligned.width, aligned.height]).toEqual([ALIGNED_SIZE, ALIGNED_SIZE]);
    const t = similarityTransform(face!.landmarks, TEMPLATE_112);
    face!.landmarks.forEach((p, i) => {
      const [x, y] = applySimilarity(t, p);
      expect(Math.hypot(x - TEMPLATE_112[i]![0], y - TEMPLATE_112[i]![1])).toBeLessThan(6);
    });
  });

  it('gives 128-d unit-length embeddings', () => {
    for (const list of embeddings.values())
      for (const e of list) {
        expect(e).toHaveLength(128);
        expect(Math.sqrt(cosine(e, e))).toBeCloseTo(1, 5);
      }
  });

  it(`scores each person above the threshold (${threshold}) and everyone else below it`, () => {
    for (const person of PEOPLE) {
      const template = meanEmbedding(ENROL_PHOTOS.map((n) => embeddings.get(person)![n - 1]!));
      for (const other of PEOPLE)
        for (const n of PROBE_PHOTOS) {
          const score = cosine(template, embeddings.get(other)![n - 1]!);
          if (other === person)
            expect(score, `${person} vs own photo ${n}`).toBeGreaterThanOrEqual(threshold);
          else expect(score, `${person} vs ${other} ${n}`).toBeLessThan(threshold);
        }
    }
  });
});

describe('face engine start-up', () => {
  it('is unavailable, with a reason, when the models folder is missing', async () => {
    const status = await loadFaceEngine('/nonexistent/models');
    expect(status).toEqual({ available: false, reason: expect.stringContaining('not found') as string });
  });

  it('is unavailable, with a reason, when a model file is not ONNX', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'face-models-'));
    writeFileSync(join(dir, DETECTOR_FILE), 'not a model');
    writeFileSync(join(dir, RECOGNIZER_FILE), 'not a model');
    const status = await loadFaceEngine(dir);
    rmSync(dir, { recursive: true, force: true });
    expect(status).toEqual({
      available: false,
      reason: expect.stringContaining('could not be loaded') as string,
    });
  });
});
