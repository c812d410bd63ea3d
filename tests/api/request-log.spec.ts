import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInstance } from '../../src/api/app-deps.js';
import { authHeader, buildTestApp, captureLogs, type LogCapture } from '../support/api-test-app.js';

let app: ApiInstance;
let logs: LogCapture;

beforeAll(async () => {
  logs = captureLogs();
  app = await buildTestApp({ logger: logs.logger });
});
afterAll(() => app.close());

describe('request log', () => {
  it('writes one line per request with id, user, method, route, status and duration — nothing else', async () => {
    const before = logs.lines().length;
    const headers = await authHeader(['employee'], 'user-42');
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/visits?ref=jane.doe@example.com',
      headers: { ...headers, 'x-request-id': 'req-0123456789' },
      payload: {
        visitor: { firstName: 'Jane', lastName: 'Doe' },
        purpose: 'Interview',
        expectedDeparture: '2026-01-01T17:00:00Z',
      },
    });
    expect(response.statusCode).toBe(201);

    const lines = logs.lines().slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      requestId: 'req-0123456789',
      userId: 'user-42',
      method: 'POST',
      route: '/api/test/visits',
      statusCode: 201,
      durationMs: expect.any(Number),
    });

    const written = logs.raw();
    for (const secret of [
      headers.authorization.slice(7),
      'Bearer',
      'Jane',
      'Interview',
      'jane.doe',
      'ref=',
    ]) {
      expect(written).not.toContain(secret);
    }
  });

  it('logs anonymous and unmatched requests too, with a null user and route', async () => {
    const before = logs.lines().length;
    await app.inject({ method: 'GET', url: '/api/nowhere?email=jane@example.com' });
    const lines = logs.lines().slice(before);
    expect(lines).toEqual([
      expect.objectContaining({ userId: null, route: null, statusCode: 404, method: 'GET' }),
    ]);
  });

  it('redacts an authorization header if something logs a request by mistake', () => {
    const before = logs.lines().length;
    logs.logger.info(
      { req: { method: 'GET', headers: { authorization: 'Bearer secret-token' } } },
      'careless',
    );
    logs.logger.info(
      { headers: { authorization: 'Bearer secret-token', cookie: 'sid=secret-token' } },
      'careless',
    );
    logs.logger.info({ user: { password: 'secret-token' } }, 'careless');
    const lines = logs.lines().slice(before);
    expect(lines).toHaveLength(3);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });
});
