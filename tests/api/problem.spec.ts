import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInstance } from '../../src/api/app-deps.js';
import { LEAKY_MESSAGE, LEAKY_SQL } from '../support/api-test-module.js';
import { authHeader, buildTestApp, captureLogs, type LogCapture } from '../support/api-test-app.js';

let app: ApiInstance;
let logs: LogCapture;
let employee: { authorization: string };

beforeAll(async () => {
  logs = captureLogs();
  app = await buildTestApp({ logger: logs.logger });
  employee = await authHeader(['employee']);
});
afterAll(() => app.close());

function expectProblem(
  response: { headers: Record<string, unknown>; json(): unknown },
  status: number,
  code: string,
) {
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const body = response.json() as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, requestId: response.headers['x-request-id'] });
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  return body;
}

describe('validation and parsing errors', () => {
  it('answers 400 VALIDATION_FAILED with one entry per bad field, without echoing values', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/visits',
      headers: employee,
      payload: {
        visitor: { firstName: '', lastName: 42 },
        purpose: 'Meeting',
        expectedDeparture: 'soon-ish',
      },
    });
    expect(response.statusCode).toBe(400);
    const body = expectProblem(response, 400, 'VALIDATION_FAILED');
    const errors = body.errors as Array<{ path: string; message: string }>;
    expect(errors.map((error) => error.path).sort()).toEqual([
      'body.expectedDeparture',
      'body.visitor.firstName',
      'body.visitor.lastName',
    ]);
    expect(response.body).not.toContain('soon-ish');
  });

  it('names query parameters as querystring.<name>', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/test/visits?limit=9999',
      headers: await authHeader(['analyst']),
    });
    expect(response.statusCode).toBe(400);
    const body = expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([{ path: 'querystring.limit', message: expect.any(String) }]);
    expect(response.body).not.toContain('9999');
  });

  it('answers 400 MALFORMED_JSON for a body that is not JSON', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/visits',
      headers: { ...employee, 'content-type': 'application/json' },
      payload: '{"visitor": {',
    });
    expect(response.statusCode).toBe(400);
    expectProblem(response, 400, 'MALFORMED_JSON');
  });

  it('answers 415 for a content type no route parses', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/visits',
      headers: { ...employee, 'content-type': 'application/xml' },
      payload: '<visit/>',
    });
    expect(response.statusCode).toBe(415);
    expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 PAYLOAD_TOO_LARGE above 1 MiB by default', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/public-echo',
      payload: { message: 'x'.repeat(1024 * 1024 + 1) },
    });
    expect(response.statusCode).toBe(413);
    expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('lets a route raise its own body limit (images)', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/images',
      headers: await authHeader(['kiosk']),
      payload: { image: Buffer.alloc(2 * 1024 * 1024).toString('base64') },
    });
    expect(response.statusCode).toBe(200);
  });

  it('answers 404 ROUTE_NOT_FOUND for an unknown route, without echoing the URL', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/nowhere?email=jane@example.com' });
    expect(response.statusCode).toBe(404);
    expectProblem(response, 404, 'ROUTE_NOT_FOUND');
    expect(response.body).not.toContain('jane');
  });
});

describe('error classes', () => {
  const cases = [
    ['domain', 409, 'VISIT_NOT_ACTIVE'],
    ['not-found', 404, 'NOT_FOUND'],
    ['precondition', 412, 'PRECONDITION_FAILED'],
    ['concurrency', 409, 'CONCURRENCY_CONFLICT'],
    ['idempotency-reused', 422, 'IDEMPOTENCY_KEY_REUSED'],
    ['idempotency-in-progress', 409, 'IDEMPOTENCY_IN_PROGRESS'],
    ['unprocessable', 422, 'NO_FACE'],
    ['unavailable', 503, 'EVENT_STORE_DOWN'],
  ] as const;

  it.each(cases)('maps %s to %i %s', async (kind, status, code) => {
    const response = await app.inject({ method: 'POST', url: `/api/test/fail/${kind}`, headers: employee });
    expect(response.statusCode).toBe(status);
    expectProblem(response, status, code);
  });

  it('passes a domain error message through as the detail', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/test/fail/domain', headers: employee });
    expect(response.json()).toMatchObject({ detail: 'The visit is not active.', title: 'Conflict' });
  });

  it('answers anything unexpected with a generic 500 and logs it with the request id', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/test/fail/internal', headers: employee });
    expect(response.statusCode).toBe(500);
    const body = expectProblem(response, 500, 'INTERNAL');
    for (const leak of [LEAKY_MESSAGE, 'INSERT', 'jane', 'ER_DUP_ENTRY', 'at ']) {
      expect(response.body).not.toContain(leak);
    }

    const logged = logs.lines().find((line) => line.msg === 'request failed');
    expect(logged).toMatchObject({
      level: 50,
      requestId: body.requestId,
      err: { type: 'Error', code: 'ER_DUP_ENTRY', stack: expect.stringContaining(LEAKY_MESSAGE) },
    });
    expect(JSON.stringify(logged)).not.toContain(LEAKY_SQL);
  });
});
