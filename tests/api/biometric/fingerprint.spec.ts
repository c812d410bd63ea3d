/**
 * Fingerprints over HTTP on real FVC2002 DB2_B prints (../shared/data/fingerprints): enrol
 * from a scan, verify and identify with another impression of the same finger, reject other
 * fingers, enrol from an ISO/IEC 19794-2 record, refuse unusable samples with 422, fuse with a
 * card, and forget an erased subject.
 */
import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFingerprint } from '../../../src/biometrics/fingerprint/fingerprint-extractor.js';
import { templateToIsoRecord } from '../../../src/biometrics/fingerprint/fingerprint-record.js';
import { startTestSystem, type TestSystem } from '../../support/test-system.js';
import { b64, roleTokens, type Tokens } from './biometric-api.helpers.js';

const SET_DIR = resolve(process.env.FINGERPRINT_DATA_DIR ?? '../shared/data/fingerprints', 'fvc2002_db2_b');
const print = (finger: number, impression: number) =>
  readFileSync(resolve(SET_DIR, `${finger}_${impression}.tif`));

describe.skipIf(!existsSync(SET_DIR))('fingerprints over HTTP', () => {
  let t: TestSystem;
  let tokens: Tokens;
  const alice = randomUUID();
  const bob = randomUUID();

  const post = (url: string, token: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload });
  const enrol = (subjectId: string, sample: Record<string, string>) =>
    post('/api/biometric/enroll', tokens.security, {
      subjectId,
      subjectType: 'employee',
      modality: 'fingerprint',
      ...sample,
    });
  const verify = (subjectId: string, samples: Record<string, string>[]) =>
    post('/api/biometric/verify', tokens.security, { subjectId, samples });

  beforeAll(async () => {
    t = await startTestSystem();
    tokens = await roleTokens(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('enrols from a scan and verifies another impression of the same finger, not another finger', async () => {
    const enrolled = await enrol(alice, { image: b64(print(101, 1)) });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    expect(enrolled.json()).toMatchObject({ subjectId: alice, modality: 'fingerprint' });
    expect(enrolled.json<{ quality: number }>().quality).toBeGreaterThan(0);

    const same = await verify(alice, [{ modality: 'fingerprint', image: b64(print(101, 2)) }]);
    expect(same.statusCode, same.body).toBe(200);
    expect(same.json()).toMatchObject({ match: true, modelVersion: null });
    const other = await verify(alice, [{ modality: 'fingerprint', image: b64(print(102, 2)) }]);
    expect(other.json()).toMatchObject({ match: false });
    const decision = other.json<{ decisions: { score: number; threshold: number }[] }>().decisions[0]!;
    expect(decision.score).toBeLessThan(decision.threshold);
  });

  it('enrols from an ISO/IEC 19794-2 record and identifies 1:N with another impression', async () => {
    const { template } = await extractFingerprint(print(102, 1));
    const enrolled = await enrol(bob, {
      template: Buffer.from(templateToIsoRecord(template)).toString('base64'),
    });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    const found = await post('/api/biometric/identify', tokens.kiosk, {
      modality: 'fingerprint',
      image: b64(print(102, 3)),
      limit: 3,
    });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ match: { subjectId: bob }, modelVersion: 'crm-minutiae-ls16@2' });
    const stranger = await post('/api/biometric/identify', tokens.kiosk, {
      modality: 'fingerprint',
      image: b64(print(105, 1)),
    });
    expect(stranger.json()).toMatchObject({ match: null });
  });

  it('fuses a fingerprint with a card', async () => {
    const card = await post('/api/biometric/enroll', tokens.security, {
      subjectId: alice,
      subjectType: 'employee',
      modality: 'card',
      cardNumber: '424242',
    });
    expect(card.statusCode).toBe(201);
    // A card is looked up in the read model: wait until it holds the new card (slower on MariaDB).
    await t.system.runtime.waitFor(BigInt(card.json<{ position: string }>().position), 5000);
    const both = await verify(alice, [
      { modality: 'fingerprint', image: b64(print(101, 3)) },
      { modality: 'card', cardNumber: '424242' },
    ]);
    expect(both.json()).toMatchObject({ match: true, policy: 'fusion', threshold: 0.5 });
    const impostor = await verify(alice, [
      { modality: 'fingerprint', image: b64(print(103, 1)) },
      { modality: 'card', cardNumber: '424242' },
    ]);
    expect(impostor.json<{ score: number }>().score).toBeLessThan(both.json<{ score: number }>().score);
  });

  it('refuses unusable samples with 422 and a reason, and records the failure to enrol', async () => {
    const blank = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const low = await enrol(randomUUID(), { image: b64(blank) });
    expect(low.statusCode).toBe(422);
    expect(low.json()).toMatchObject({ code: 'LOW_QUALITY' });
    const unreadable = await enrol(randomUUID(), { image: b64(Buffer.from('not an image, just text')) });
    expect(unreadable.json()).toMatchObject({ status: 422, code: 'UNREADABLE_IMAGE' });
    const malformed = await enrol(randomUUID(), {
      template: Buffer.from('FMR\0 20\0garbage').toString('base64'),
    });
    expect(malformed.json()).toMatchObject({ status: 422, code: 'MALFORMED_TEMPLATE' });
    const neither = await enrol(randomUUID(), {});
    expect(neither.statusCode).toBe(400);
    let failures = 0;
    for (let i = 0; i < 50 && failures < 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const stats = await t.app.inject({
        method: 'GET',
        url: '/api/biometric/statistics',
        headers: { authorization: `Bearer ${tokens.security}` },
      });
      failures = stats.json<{ enrollments: { failures: number } }>().enrollments.failures;
    }
    expect(failures).toBe(3);
  });

  it('forgets an erased subject: their finger no longer verifies or identifies', async () => {
    const erased = await t.app.inject({
      method: 'DELETE',
      url: `/api/biometric/subjects/${bob}`,
      headers: { authorization: `Bearer ${tokens.admin}` },
    });
    expect(erased.statusCode).toBe(204);
    const again = await post('/api/biometric/identify', tokens.kiosk, {
      modality: 'fingerprint',
      image: b64(print(102, 3)),
    });
    expect(again.json()).toMatchObject({ match: null });
  });
});
