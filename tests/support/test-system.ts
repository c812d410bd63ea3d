/**
 * The whole system as the server builds it, for API tests: a temp DATA_DIR, read models on
 * SQLite or (with DATABASE_URL) a scratch MariaDB database, the event store on SQLite or
 * (with EVENTSTORE_URL=mysql://…) the SQL store in that same scratch database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { ApiInstance } from '../../src/api/app-deps.js';
import { startSystem, type System } from '../../src/composition/system.js';
import { loadConfig } from '../../src/config.js';
import { testDatabase } from './databases.js';

export const ADMIN = { email: 'admin@example.org', password: 'admin-password-1' };

export type TestSystem = { readonly app: ApiInstance; readonly system: System; close(): Promise<void> };

export async function startTestSystem(env: Record<string, string> = {}): Promise<TestSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-system-'));
  const mysql = process.env.DATABASE_URL === undefined ? undefined : await testDatabase('mysql');
  await mysql?.db.destroy();
  const eventStoreOnMysql = process.env.EVENTSTORE_URL?.startsWith('mysql://') === true;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    JWT_SECRET: 'a-test-secret-that-is-long-enough-for-hs256',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    BCRYPT_COST: '4',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(mysql === undefined ? {} : { DATABASE_URL: mysql.location }),
    ...(mysql !== undefined && eventStoreOnMysql ? { EVENTSTORE_URL: mysql.location } : {}),
    // CI runs the suite once more with the projectors in their thread (.ci/run).
    ...(process.env.PROJECTION_THREAD === undefined
      ? {}
      : { PROJECTION_THREAD: process.env.PROJECTION_THREAD }),
    ...env,
  });
  const { app, system, close } = await startSystem(
    config,
    pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
  );
  return {
    app,
    system,
    close: async () => {
      await close();
      await mysql?.drop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in; `minPosition` (a command's position) makes the login wait for that write to be read. */
export async function login(
  app: ApiInstance,
  email: string,
  password: string,
  minPosition?: string,
): Promise<string> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
    headers: minPosition === undefined ? {} : { 'x-min-position': minPosition },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { accessToken: string }).accessToken;
}
