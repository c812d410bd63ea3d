import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInstance } from '../../src/api/app-deps.js';
import { buildApp } from '../../src/api/app.js';
import { buildTestApp, testDeps } from '../support/api-test-app.js';

let app: ApiInstance;

beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

describe('request ids', () => {
  it('keeps a sane incoming x-request-id and echoes it', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'lb-1234abcd' },
    });
    expect(response.headers['x-request-id']).toBe('lb-1234abcd');
  });

  it('replaces an unsafe or missing one with a uuid', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const forged = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'x"}\n{"level":60' },
    });
    expect(forged.headers['x-request-id']).toMatch(uuid);
    const missing = await app.inject({ method: 'GET', url: '/health' });
    expect(missing.headers['x-request-id']).toMatch(uuid);
  });

  it('puts the request id in problem answers', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/nowhere',
      headers: { 'x-request-id': 'trace-000042' },
    });
    expect(response.json()).toMatchObject({ requestId: 'trace-000042' });
  });
});

describe('CORS and security headers', () => {
  it('allows the configured origin, with the headers the API uses', async () => {
    const response = await app.inject({
      method: 'OPTIONS',
      url: '/api/test/visits',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,if-match,idempotency-key',
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(response.headers['access-control-allow-headers']).toContain('if-match');
  });

  it('does not allow other origins', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { origin: 'https://evil.example' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends helmet security headers', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    const notFound = await app.inject({ method: 'GET', url: '/no-such-route' });
    expect(notFound.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('lifecycle', () => {
  it('builds from logger options as well as a logger instance, and closes cleanly', async () => {
    const other = await buildApp(testDeps({ logger: { level: 'silent' } }));
    expect((await other.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await other.close();
    await expect(other.inject({ method: 'GET', url: '/health' })).rejects.toThrow();
  });
});
