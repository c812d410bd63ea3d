import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiInstance, ApiModule } from '../../src/api/app-deps.js';
import { authHeader, buildTestApp } from '../support/api-test-app.js';

const VISIT = '6f1c1b8e-4a49-4a55-9d1e-6d1f0f3b6a11';
const waitForPosition = vi.fn((position: bigint, _timeoutMs: number) => Promise.resolve(position <= 100n));

let app: ApiInstance;
let security: { authorization: string };
let analyst: { authorization: string };

beforeAll(async () => {
  app = await buildTestApp({ waitForPosition });
  security = await authHeader(['security']);
  analyst = await authHeader(['analyst']);
});
afterAll(() => app.close());

function checkout(headers: Record<string, string>) {
  return app.inject({
    method: 'POST',
    url: `/api/test/visits/${VISIT}/checkout`,
    headers: { ...security, ...headers },
  });
}

describe('command answers', () => {
  it('answer 201 with Location, ETag and revision/position as decimal strings', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/visits',
      headers: await authHeader(['employee']),
      payload: {
        visitor: { firstName: 'Ada', lastName: 'Lovelace' },
        purpose: 'Meeting',
        expectedDeparture: '2026-01-01T17:00:00Z',
      },
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers.etag).toBe('"0"');
    expect(response.headers.location).toBe(`/api/test/visits/${VISIT}`);
    expect(response.json()).toEqual({ id: VISIT, visitId: VISIT, revision: '0', position: '42' });
  });

  it.each(['"3"', '3', 'W/"3"', ' "3" '])('accept If-Match %s as revision 3', async (ifMatch) => {
    const response = await checkout({ 'if-match': ifMatch });
    expect(response.statusCode).toBe(200);
    expect(response.headers.etag).toBe('"4"');
    expect(response.json()).toMatchObject({ revision: '4', position: '100' });
  });

  it('answer 412 when If-Match names another revision', async () => {
    const response = await checkout({ 'if-match': '"2"' });
    expect(response.statusCode).toBe(412);
    expect(response.json()).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(response.headers.etag).toBeUndefined();
  });

  it.each(['"abc"', '*', '"3", "4"', '-1', '"3', 'W/3'])('reject If-Match %s with 400', async (ifMatch) => {
    const response = await checkout({ 'if-match': ifMatch });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'headers.if-match', message: expect.any(String) }],
    });
  });

  it('read the Idempotency-Key and reject an invalid one', async () => {
    const ok = await checkout({ 'idempotency-key': 'retry-7f3a' });
    expect(ok.json()).toMatchObject({ idempotencyKey: 'retry-7f3a' });
    const none = await checkout({});
    expect(none.json()).toMatchObject({ idempotencyKey: null });
    const tooLong = await checkout({ 'idempotency-key': 'k'.repeat(201) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ errors: [{ path: 'headers.idempotency-key' }] });
  });
});

describe('X-Min-Position on queries', () => {
  it('waits for the position with the configured timeout, then answers', async () => {
    waitForPosition.mockClear();
    const response = await app.inject({
      method: 'GET',
      url: '/api/test/visits',
      headers: { ...analyst, 'x-min-position': '100' },
    });
    expect(response.statusCode).toBe(200);
    expect(waitForPosition).toHaveBeenCalledWith(100n, 2000, undefined);
  });

  it('answers 503 PROJECTION_LAGGING with Retry-After when the read models stay behind', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/test/visits',
      headers: { ...analyst, 'x-min-position': '18446744073709551615' },
    });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'PROJECTION_LAGGING', status: 503 });
    expect(response.headers['retry-after']).toBe('1');
  });

  it('answers 400 for a malformed position', async () => {
    for (const value of ['abc', '-5', '18446744073709551616']) {
      const response = await app.inject({
        method: 'GET',
        url: '/api/test/visits',
        headers: { ...analyst, 'x-min-position': value },
      });
      expect(response.statusCode, value).toBe(400);
      expect(response.json()).toMatchObject({ errors: [{ path: 'headers.x-min-position' }] });
    }
  });

  it('does not wait without the header, nor on commands, health or before authentication', async () => {
    waitForPosition.mockClear();
    await app.inject({ method: 'GET', url: '/api/test/visits', headers: analyst });
    await checkout({ 'x-min-position': '5' });
    await app.inject({ method: 'GET', url: '/health', headers: { 'x-min-position': '5' } });
    const anonymous = await app.inject({
      method: 'GET',
      url: '/api/test/visits',
      headers: { 'x-min-position': '5' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(waitForPosition).not.toHaveBeenCalled();
  });
});

describe('X-Min-Position on a route that names its read models', () => {
  const reading = (readModels: string[]): ApiModule => ({
    name: 'reading',
    permissions: { 'GET /api/test/reading': ['analyst'] },
    routes: (app) => {
      app.get('/api/test/reading', { config: { readModels } }, () => ({ ok: true }));
    },
  });

  it('waits for those read models alone', async () => {
    const wait = vi.fn(() => Promise.resolve(true));
    const own = await buildTestApp({
      waitForPosition: wait,
      readModels: ['visits', 'users', 'analytics'],
      modules: [reading(['visits', 'users'])],
    });
    const response = await own.inject({
      method: 'GET',
      url: '/api/test/reading',
      headers: { ...analyst, 'x-min-position': '7' },
    });
    expect(response.statusCode).toBe(200);
    expect(wait).toHaveBeenCalledWith(7n, 2000, ['visits', 'users']);
    await own.close();
  });

  it('refuses to start when a route names a read model there is not', async () => {
    await expect(
      buildTestApp({ readModels: ['visits'], modules: [reading(['visits', 'vists'])] }),
    ).rejects.toThrow('GET /api/test/reading reads unknown read models: vists');
  });
});
