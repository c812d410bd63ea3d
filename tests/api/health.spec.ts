import { afterEach, describe, expect, it } from 'vitest';
import type { ApiInstance, HealthReport } from '../../src/api/app-deps.js';
import { authHeader, buildTestApp, HEALTHY, testDeps } from '../support/api-test-app.js';

let app: ApiInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('GET /health', () => {
  it('answers 200 with the report when everything is up, without a token', async () => {
    app = await buildTestApp();
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(HEALTHY);
  });

  it('answers 503 with the report when a dependency is down', async () => {
    const degraded: HealthReport = {
      status: 'degraded',
      checks: { eventStore: 'down', readModels: 'ok', projections: 'lagging' },
    };
    app = await buildTestApp({ health: () => Promise.resolve(degraded) });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual(degraded);
  });

  it('answers 503 problem when the health check itself throws', async () => {
    app = await buildTestApp({
      health: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:3306')),
    });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'HEALTH_CHECK_FAILED' });
    expect(response.body).not.toContain('ECONNREFUSED');
  });
});

describe('rate limiting', () => {
  const limited = () =>
    buildTestApp({ config: { ...testDeps().config, rateLimit: { max: 3, timeWindowMs: 60_000 } } });

  it('answers 429 RATE_LIMITED with Retry-After once a public route is over its limit', async () => {
    app = await limited();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push((await app.inject({ method: 'GET', url: '/health' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);

    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(429);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits each public route separately, before any token is checked', async () => {
    app = await limited();
    for (let i = 0; i < 3; i += 1) {
      await app.inject({
        method: 'POST',
        url: '/api/test/public-echo',
        headers: { authorization: 'Bearer a.b.c' },
        payload: { message: 'x' },
      });
    }
    const echo = await app.inject({
      method: 'POST',
      url: '/api/test/public-echo',
      payload: { message: 'x' },
    });
    expect(echo.statusCode).toBe(429);
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('leaves authenticated routes alone', async () => {
    app = await limited();
    const headers = await authHeader(['analyst']);
    for (let i = 0; i < 5; i += 1) {
      expect((await app.inject({ method: 'GET', url: '/api/test/visits', headers })).statusCode).toBe(200);
    }
  });
});
