/**
 * Child process of the HTTP benchmark: the real system on a temp DATA_DIR (embedded SQLite
 * unless DATABASE_URL / EVENTSTORE_URL say otherwise), plus a bare Fastify no-op route as the
 * ceiling. Prints one JSON line with the ports and an admin token, then serves until killed.
 */
import Fastify from 'fastify';
import { pino } from 'pino';
import { startSystem } from '../../src/composition/system.js';
import { loadConfig } from '../../src/config.js';
import { serverDataDir } from '../support.js';

const admin = { email: 'bench-admin@example.org', password: 'bench-admin-password' };
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  DATA_DIR: serverDataDir('crm-bench-http-'),
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-123',
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  BCRYPT_COST: '4',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
});
const { app } = await startSystem(config, pino({ level: 'silent' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: admin });
const token = (login.json() as { accessToken: string }).accessToken;

const noop = Fastify();
noop.get('/noop', () => ({ ok: true }));
await noop.listen({ port: 0, host: '127.0.0.1' });

const portOf = (address: ReturnType<typeof app.server.address>) =>
  typeof address === 'object' && address !== null ? address.port : 0;
process.stdout.write(
  `${JSON.stringify({ apiPort: portOf(app.server.address()), noopPort: portOf(noop.server.address()), token })}\n`,
);
