/**
 * Child process of the visitors benchmark: the real system on a temp DATA_DIR (embedded
 * SQLite unless DATABASE_URL / EVENTSTORE_URL say otherwise), seeded with SEED_VISITS visits
 * appended straight to the log (check-ins, half of them checked out), projections caught up.
 * Prints one JSON line with the port, an admin token and a host id, then serves until killed.
 */
import { pino } from 'pino';
import { toAppend } from '../src/commands/handle-command.js';
import { newId } from '../src/commands/new-id.js';
import { startSystem } from '../src/composition/system.js';
import { loadConfig } from '../src/config.js';
import { serverDataDir } from './support.js';

const admin = { email: 'bench-admin@example.org', password: 'bench-admin-password' };
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  DATA_DIR: serverDataDir('crm-bench-visitors-'),
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-123',
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  BCRYPT_COST: '4',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
});
const { app, system } = await startSystem(config, pino({ level: 'silent' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: admin });
const { accessToken: token, user } = login.json<{ accessToken: string; user: { id: string } }>();

const seed = Number(process.env.SEED_VISITS ?? '50000');
// Ids as the app makes them (UUIDv7: time-ordered), made in the order the visits happened, so
// the tables and indexes keyed by them are laid out as in production (random v4 ids scattered
// a history page's rows over the whole table).
const visitors: string[] = new Array<string>(Math.max(1, Math.floor(seed / 10)));
const names = ['Ada', 'Bert', 'Cleo', 'Dana', 'Emil', 'Fay', 'Gus', 'Hana'];
const context = { actor: { system: 'bench' }, now: new Date(), correlationId: 'bench' };
const started = Date.now();
for (let i = 0; i < seed; i += 500) {
  await Promise.all(
    Array.from({ length: Math.min(500, seed - i) }, (_, k) => {
      const n = i + k;
      const checkedInAt = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
      const visitId = newId();
      const visitorId = (visitors[n % visitors.length] ??= newId());
      const visitor = {
        firstName: names[n % names.length]!,
        lastName: `Visitor${n % 997}`,
        email: null,
        phone: null,
        company: 'Bench Co',
      };
      const events = [
        {
          type: 'VisitorCheckedIn',
          data: {
            visitId,
            visitorId,
            visitor,
            hostId: user.id,
            purpose: 'Bench',
            expectedDeparture: null,
            badgeNumber: 'V-0000',
            approvalRequired: false,
            checkedInAt,
          },
        },
        ...(n % 2 === 0
          ? [
              {
                type: 'VisitorCheckedOut',
                data: {
                  visitId,
                  visitorId,
                  checkedInAt,
                  checkedOutAt: new Date(Date.parse(checkedInAt) + 45 * 60_000).toISOString(),
                  durationMinutes: 45,
                },
              },
            ]
          : []),
      ];
      return system.log.append(
        `visit-${visitId}`,
        events.map((e) => toAppend(e, context)),
        { expectedRevision: 'no_stream' },
      );
    }),
  );
}
const appended = Date.now();
await system.runtime.waitFor(await system.log.headPosition(), 600_000);
const projected = Date.now();

const address = app.server.address();
process.stdout.write(
  `${JSON.stringify({
    apiPort: typeof address === 'object' && address !== null ? address.port : 0,
    token,
    hostId: user.id,
    seed: {
      visits: seed,
      appendSeconds: (appended - started) / 1000,
      projectSeconds: (projected - appended) / 1000,
    },
  })}\n`,
);
