/**
 * Builds the API for tests: a fixed HS256 secret, a fake health check, a stubbed
 * waitForPosition and the dummy test module; every part can be overridden. Logs go to an
 * in-memory buffer that tests can read line by line.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { vi } from 'vitest';
import type { ApiInstance, AppDeps, HealthReport } from '../../src/api/app-deps.js';
import { buildApp } from '../../src/api/app.js';
import { apiLoggerOptions } from '../../src/api/request-log.plugin.js';
import type { Role } from '../../src/events/auth/roles.js';
import { createTokenService, type AuthSettings } from '../../src/api/token-service.js';
import { testModule } from './api-test-module.js';

export const TEST_SECRET = 'test-secret-of-at-least-thirty-two-bytes!';

export const TEST_AUTH: AuthSettings = {
  key: { kind: 'hs256', secret: TEST_SECRET },
  issuer: 'crm-test',
  audience: 'crm-api',
};

export const testTokens = createTokenService(TEST_AUTH);

export const HEALTHY: HealthReport = {
  status: 'ok',
  checks: { eventStore: 'ok', readModels: 'ok', projections: 'ok' },
};

export type LogCapture = {
  readonly logger: pino.Logger;
  lines(): Array<Record<string, unknown>>;
  raw(): string;
};

export function captureLogs(): LogCapture {
  let buffer = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      buffer += chunk.toString();
      done();
    },
  });
  const logger = pino(apiLoggerOptions('info'), stream);
  return {
    logger,
    raw: () => buffer,
    lines: () =>
      buffer
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export function testDeps(overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    config: { corsOrigins: ['http://localhost:5173'], rateLimit: { max: 1000, timeWindowMs: 60_000 } },
    logger: pino({ level: 'silent' }),
    auth: testTokens,
    health: vi.fn(() => Promise.resolve(HEALTHY)),
    waitForPosition: vi.fn(() => Promise.resolve(true)),
    modules: [testModule],
    ...overrides,
  };
}

export function buildTestApp(overrides: Partial<AppDeps> = {}): Promise<ApiInstance> {
  return buildApp(testDeps(overrides));
}

export async function tokenFor(roles: readonly Role[], id: string = randomUUID()): Promise<string> {
  const { accessToken } = await testTokens.signAccessToken({ id, roles, departmentId: null });
  return accessToken;
}

export async function authHeader(roles: readonly Role[], id?: string): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await tokenFor(roles, id)}` };
}
