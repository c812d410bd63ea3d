import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeH10301 } from '../../../src/biometrics/card/wiegand.js';
import { startTestSystem, type TestSystem } from '../../support/test-system.js';
import { roleTokens, type Tokens } from './biometric-api.helpers.js';

// Started without face models: cards must work regardless, and face routes say why they can't.
describe('biometric cards over HTTP (face models absent)', () => {
  let t: TestSystem;
  let tokens: Tokens;
  const holderId = randomUUID();
  const post = (url: string, token: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}` },
      payload: payload as object,
    });
  const lookup = (payload: unknown) => post('/api/biometric/card-lookup', tokens.kiosk, payload);

  beforeAll(async () => {
    t = await startTestSystem({ FACE_MODELS_DIR: '/nonexistent/face-models' });
    tokens = await roleTokens(t);
    const issued = await post('/api/biometric/enroll', tokens.security, {
      subjectId: holderId,
      subjectType: 'employee',
      modality: 'card',
      wiegand: encodeH10301({ facilityCode: 18, cardNumber: 12345 }),
    });
    if (issued.statusCode !== 201) throw new Error(issued.body);
    await t.system.runtime.waitFor(BigInt(issued.json<{ position: string }>().position), 5000);
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds a card by number and by its Wiegand frame', async () => {
    const expected = {
      holderType: 'employee',
      holderId,
      cardNumber: '12345',
      facilityCode: 18,
      active: true,
    };
    const byNumber = await lookup({ cardNumber: '12345' });
    expect(byNumber.statusCode).toBe(200);
    expect(byNumber.json()).toEqual(expected);
    expect((await lookup({ cardNumber: '0012345' })).json()).toEqual(expected);
    expect((await lookup({ wiegand: encodeH10301({ facilityCode: 18, cardNumber: 12345 }) })).json()).toEqual(
      expected,
    );
  });

  it('refuses a frame with bad parity (422), and answers 404 for unknown cards or another facility', async () => {
    const good = encodeH10301({ facilityCode: 18, cardNumber: 12345 });
    const badParity = await lookup({ wiegand: `${good.slice(0, 25)}${good[25] === '1' ? '0' : '1'}` });
    expect(badParity.statusCode).toBe(422);
    expect(badParity.json()).toMatchObject({ code: 'BAD_PARITY' });
    expect((await lookup({ cardNumber: '777' })).statusCode).toBe(404);
    expect(
      (await lookup({ wiegand: encodeH10301({ facilityCode: 19, cardNumber: 12345 }) })).statusCode,
    ).toBe(404);
    const both = await lookup({ cardNumber: '1', wiegand: good });
    expect(both.statusCode).toBe(400);
  });

  it('refuses a second issue of an active card (409) and shows a revoked card as inactive', async () => {
    const again = await post('/api/biometric/enroll', tokens.security, {
      subjectId: randomUUID(),
      subjectType: 'visitor',
      modality: 'card',
      cardNumber: '12345',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CARD_ALREADY_ISSUED' });
    expect((await post('/api/biometric/cards/12345/revoke', tokens.kiosk, {})).statusCode).toBe(403);
    const revoked = await post('/api/biometric/cards/12345/revoke', tokens.security, {});
    expect(revoked.statusCode).toBe(200);
    await t.system.runtime.waitFor(BigInt(revoked.json<{ position: string }>().position), 5000);
    expect((await lookup({ cardNumber: '12345' })).json()).toMatchObject({ active: false, holderId });
    expect((await post('/api/biometric/cards/4040/revoke', tokens.security, {})).statusCode).toBe(404);
  });

  it('verifies by card alone; a revoked card no longer matches', async () => {
    const response = await post('/api/biometric/verify', tokens.security, {
      subjectId: holderId,
      samples: [{ modality: 'card', cardNumber: '12345' }],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ match: false, score: 0, threshold: 1, modelVersion: null });
  });

  it('answers face requests with 503 and the reason while the models are missing', async () => {
    const response = await post('/api/biometric/identify', tokens.security, {
      modality: 'face',
      image: 'aGVsbG8gd29ybGQgaGVsbG8=',
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      code: 'FACE_UNAVAILABLE',
      detail: expect.stringContaining('face models folder not found') as string,
    });
    const enrol = await post('/api/biometric/enroll', tokens.security, {
      subjectId: randomUUID(),
      subjectType: 'visitor',
      modality: 'face',
      image: 'aGVsbG8gd29ybGQgaGVsbG8=',
    });
    expect(enrol.statusCode).toBe(503);
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
  });
});
