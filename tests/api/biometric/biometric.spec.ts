import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { encodeH10301 } from '../../../src/biometrics/card/wiegand.js';
import { createEmbeddingIndex } from '../../../src/biometrics/face/embedding-index.js';
import { createFingerprintIndex } from '../../../src/biometrics/fingerprint-index.js';
import { startTemplateIndexSync } from '../../../src/biometrics/template-index-sync.js';
import {
  ENROL_PHOTOS,
  faceDataMissing,
  facePhoto,
  noFacePhoto,
  PEOPLE,
  PROBE_PHOTOS,
  twoFacePhoto,
} from '../../biometrics/face/small-faces.js';
import { startTestSystem, type TestSystem } from '../../support/test-system.js';
import { b64, roleTokens, type Tokens } from './biometric-api.helpers.js';

describe.skipIf(faceDataMissing !== undefined)('biometric faces over HTTP', () => {
  let t: TestSystem;
  let tokens: Tokens;
  const subjects = new Map<string, string>(PEOPLE.map((p) => [p, randomUUID()]));
  const post = (url: string, token: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}` },
      payload: payload as object,
    });
  const verifyFace = (person: string, photo: Buffer) =>
    post('/api/biometric/verify', tokens.security, {
      subjectId: subjects.get(person),
      samples: [{ modality: 'face', image: b64(photo) }],
    });
  const identifyFace = (photo: Buffer) =>
    post('/api/biometric/identify', tokens.kiosk, { modality: 'face', image: b64(photo), limit: 3 });

  beforeAll(async () => {
    t = await startTestSystem();
    tokens = await roleTokens(t);
    for (const person of PEOPLE) {
      const response = await post('/api/biometric/enroll', tokens.security, {
        subjectId: subjects.get(person),
        subjectType: 'employee',
        modality: 'face',
        images: ENROL_PHOTOS.map((n) => b64(facePhoto(person, n))),
      });
      if (response.statusCode !== 201) throw new Error(`enrolling ${person}: ${response.body}`);
    }
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('answers an enrolment with the template id, quality and stream position', async () => {
    const subjectId = randomUUID();
    const response = await post('/api/biometric/enroll', tokens.security, {
      subjectId,
      subjectType: 'visitor',
      modality: 'face',
      image: `data:image/png;base64,${b64(facePhoto('amy', 2))}`,
    });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ templateId: string; quality: number; id: string; position: string }>();
    expect(body).toMatchObject({ subjectId, modality: 'face', id: body.templateId });
    expect(body.quality).toBeGreaterThan(0.75);
    expect(response.headers.etag).toBe('"0"');
  });

  it('verifies each person from photos not used to enrol them', async () => {
    for (const person of PEOPLE)
      for (const n of PROBE_PHOTOS) {
        const response = await verifyFace(person, facePhoto(person, n));
        expect(response.statusCode).toBe(200);
        const body = response.json<{
          match: boolean;
          score: number;
          threshold: number;
          modelVersion: string;
        }>();
        expect(body.match, `${person} ${n}: ${body.score}`).toBe(true);
        expect(body.score).toBeGreaterThanOrEqual(body.threshold);
        expect(body.modelVersion).toMatch(/^yunet@[0-9a-f]{12}\+mobilefacenet128@[0-9a-f]{12}$/);
      }
  });

  it('rejects everyone else claiming to be them', async () => {
    for (const [i, person] of PEOPLE.entries()) {
      const impostor = PEOPLE[(i + 1) % PEOPLE.length]!;
      const body = (await verifyFace(person, facePhoto(impostor, 2))).json<{
        match: boolean;
        score: number;
        threshold: number;
      }>();
      expect(body.match, `${impostor} as ${person}: ${body.score}`).toBe(false);
      expect(body.score).toBeLessThan(body.threshold);
    }
  });

  it('identifies each person among all enrolled (1:N)', async () => {
    for (const person of PEOPLE) {
      const response = await identifyFace(facePhoto(person, 4));
      expect(response.statusCode).toBe(200);
      const body = response.json<{
        match: { subjectId: string } | null;
        candidates: { subjectId: string }[];
      }>();
      expect(body.match?.subjectId, person).toBe(subjects.get(person));
      expect(body.candidates.length).toBeLessThanOrEqual(3);
      expect(new Set(body.candidates.map((c) => c.subjectId)).size).toBe(body.candidates.length);
    }
  });

  it('refuses a photo without a face and one with two faces, with their reasons', async () => {
    const enrol = async (image: Buffer) =>
      post('/api/biometric/enroll', tokens.security, {
        subjectId: randomUUID(),
        subjectType: 'visitor',
        modality: 'face',
        image: b64(image),
      });
    const none = await enrol(await noFacePhoto());
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({ code: 'NO_FACE' });
    const two = await enrol(await twoFacePhoto());
    expect(two.statusCode).toBe(422);
    expect(two.json()).toMatchObject({ code: 'MULTIPLE_FACES' });
    const probe = await identifyFace(await noFacePhoto());
    expect(probe.statusCode).toBe(422);
    expect(probe.json()).toMatchObject({ code: 'NO_FACE' });
    const garbage = await enrol(Buffer.from('this is not an image at all'));
    expect(garbage.json()).toMatchObject({ status: 422, code: 'UNREADABLE_IMAGE' });
  });

  it('answers a malformed fingerprint template with 422 MALFORMED_TEMPLATE', async () => {
    const response = await post('/api/biometric/verify', tokens.security, {
      subjectId: subjects.get('amy'),
      samples: [{ modality: 'fingerprint', template: 'Rk1SAA==' }],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'MALFORMED_TEMPLATE' });
  });

  it('fuses face and card, or requires all or any of them', async () => {
    const subjectId = subjects.get('penny')!;
    const card = await post('/api/biometric/enroll', tokens.security, {
      subjectId,
      subjectType: 'employee',
      modality: 'card',
      cardNumber: '31337',
      facilityCode: 7,
    });
    expect(card.statusCode).toBe(201);
    // Card decisions read the cards read model.
    await t.system.runtime.waitFor(BigInt(card.json<{ position: string }>().position), 5000);
    const run = (person: string, cardNumber: string, policy: string) =>
      post('/api/biometric/verify', tokens.security, {
        subjectId,
        policy,
        samples: [
          { modality: 'face', image: b64(facePhoto(person, 2)) },
          { modality: 'card', wiegand: encodeH10301({ facilityCode: 7, cardNumber: Number(cardNumber) }) },
        ],
      });
    const both = (await run('penny', '31337', 'fusion')).json<{
      match: boolean;
      decisions: { modality: string; match: boolean }[];
      threshold: number;
    }>();
    expect(both).toMatchObject({ match: true, threshold: 0.5, policy: 'fusion' });
    expect(both.decisions.map((d) => [d.modality, d.match])).toEqual([
      ['face', true],
      ['card', true],
    ]);
    const wrongFace = (person: string, policy: string) =>
      run(person, '31337', policy).then((r) => r.json<{ match: boolean }>().match);
    expect(await wrongFace('raj', 'all')).toBe(false);
    expect(await wrongFace('raj', 'any')).toBe(true);
    expect((await run('penny', '999', 'all')).json<{ match: boolean }>().match).toBe(false);
  });

  it('erases a subject: the index forgets them at once and the log holds no readable template', async () => {
    const subjectId = subjects.get('sheldon')!;
    const stream = `biometricSubject-${subjectId}`;
    const template = ((await t.system.log.readStream(stream))[0]!.data as { template: string }).template;
    expect(Buffer.from(template, 'base64')).toHaveLength(128 * 4);
    // Sealed at rest even before erasure: the raw store never holds the template in clear.
    expect(JSON.stringify((await t.system.store.readStream(stream))[0]!.data)).not.toContain(template);
    const denied = await t.app.inject({
      method: 'DELETE',
      url: `/api/biometric/subjects/${subjectId}`,
      headers: { authorization: `Bearer ${tokens.security}` },
    });
    expect(denied.statusCode).toBe(403);
    const erased = await t.app.inject({
      method: 'DELETE',
      url: `/api/biometric/subjects/${subjectId}`,
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(erased.statusCode).toBe(204);
    const after = (await verifyFace('sheldon', facePhoto('sheldon', 2))).json<{
      match: boolean;
      score: number | null;
    }>();
    expect(after).toMatchObject({ match: false, score: null });
    const found = (await identifyFace(facePhoto('sheldon', 2))).json<{
      match: unknown;
      candidates: { subjectId: string }[];
    }>();
    expect(found.candidates.map((c) => c.subjectId)).not.toContain(subjectId);
    const [opened] = await t.system.log.readStream(stream);
    expect(opened!.data).toMatchObject({ template: '[erased]' });
    expect(opened!.erased).toEqual(['template']);
    expect(JSON.stringify((await t.system.store.readStream(stream))[0]!.data)).not.toContain(template);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/biometric/subjects/${subjectId}`,
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(again.statusCode).toBe(204);
    const unknown = await t.app.inject({
      method: 'DELETE',
      url: `/api/biometric/subjects/${randomUUID()}`,
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('counts what happened in the statistics', async () => {
    await t.system.runtime.waitFor(await t.system.log.headPosition(), 5000);
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/biometric/statistics',
      headers: { authorization: `Bearer ${tokens.analyst}` },
    });
    expect(response.statusCode).toBe(200);
    const stats = response.json<{
      enrollments: { byModality: Record<string, number>; failures: number; failureToEnrollRate: number };
      byModality: { modality: string; attempts: number; latencyMs: { p50: number; p99: number } }[];
      byDay: { day: string }[];
    }>();
    expect(stats.enrollments.byModality).toMatchObject({ face: PEOPLE.length + 1, card: 1, fingerprint: 0 });
    expect(stats.enrollments.failures).toBe(3);
    const face = stats.byModality.find((m) => m.modality === 'face')!;
    expect(face.attempts).toBeGreaterThanOrEqual(PEOPLE.length * 4);
    expect(face.latencyMs.p50).toBeGreaterThan(0);
    expect(face.latencyMs.p99).toBeGreaterThanOrEqual(face.latencyMs.p50);
    expect(stats.byDay[0]!.day).toBe(new Date().toISOString().slice(0, 10));
    const forbidden = await t.app.inject({
      method: 'GET',
      url: '/api/biometric/statistics',
      headers: { authorization: `Bearer ${tokens.employee}` },
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('rebuilds the same index from the log at start, without erased subjects', async () => {
    const index = createEmbeddingIndex();
    const indexes = { face: index, fingerprint: createFingerprintIndex() };
    const sync = await startTemplateIndexSync(t.system.log, indexes, pino({ level: 'silent' }));
    await sync.close();
    expect(index.size()).toBe(t.system.biometrics.index.size());
    expect(index.subjectScores(subjects.get('sheldon')!, new Float32Array(128))).toEqual([]);
    expect(index.subjectScores(subjects.get('amy')!, new Float32Array(128))).toHaveLength(1);
  });

  it('lets a kiosk enrol visitors but not employees, and refuses other roles and bad input', async () => {
    const body = (subjectType: string) => ({
      subjectId: randomUUID(),
      subjectType,
      modality: 'face',
      image: b64(facePhoto('raj', 2)),
    });
    expect((await post('/api/biometric/enroll', tokens.kiosk, body('visitor'))).statusCode).toBe(201);
    expect((await post('/api/biometric/enroll', tokens.kiosk, body('employee'))).statusCode).toBe(403);
    expect((await post('/api/biometric/enroll', tokens.employee, body('visitor'))).statusCode).toBe(403);
    expect((await post('/api/biometric/enroll', tokens.analyst, body('visitor'))).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/biometric/enroll',
      payload: body('visitor'),
    });
    expect(anonymous.statusCode).toBe(401);
    const invalid = await post('/api/biometric/enroll', tokens.security, {
      subjectId: 'nope',
      subjectType: 'employee',
      modality: 'face',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([expect.stringContaining('subjectId'), expect.stringContaining('image')]),
    );
  });
});
