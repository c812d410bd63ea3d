/**
 * Child process of the analytics benchmark: the real system on a temp DATA_DIR (embedded
 * SQLite unless DATABASE_URL / EVENTSTORE_URL say otherwise), with 10 departments of 5 hosts
 * each and an analyst, then a year of history (bench/analytics-bench-seed.ts, SEED_SCALE of
 * it) appended straight to the log by 500 concurrent writers while the projections are paused,
 * then caught up. Prints one JSON line (port, analyst token, seeding figures), then answers
 * commands on stdin with one JSON line each: `gc`, `rebuild` (the analytics projector),
 * `profile-start`, `profile-stop FILE`. With BENCH_CPU_PROF=DIR the seeding is profiled too.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { toAppend } from '../src/commands/handle-command.js';
import { startSystem } from '../src/composition/system.js';
import { loadConfig } from '../src/config.js';
import { analyticsProjector } from '../src/projections/reports/analytics.projection.js';
import {
  allStreams,
  visitDay,
  type SeedPeople,
  type SeedSize,
  type SeedStream,
} from './analytics-bench-seed.js';

const admin = { email: 'bench-admin@example.org', password: 'bench-admin-password' };
const analyst = { email: 'bench-analyst@example.org', password: 'bench-analyst-password' };
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  DATA_DIR: mkdtempSync(join(tmpdir(), 'crm-bench-analytics-')),
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-123',
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  BCRYPT_COST: '4',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
  REPORTS_ENABLED: 'false',
});
const { app, system } = await startSystem(config, pino({ level: 'silent' }));
await app.listen({ port: 0, host: '127.0.0.1' });
const startedRssMiB = process.memoryUsage.rss() / 2 ** 20;

async function post<T>(url: string, payload: unknown, token?: string): Promise<T> {
  const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
  const response = await app.inject({ method: 'POST', url, payload: payload as object, headers });
  if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return response.json<T>();
}
const login = (who: typeof admin) => post<{ accessToken: string }>('/api/auth/login', who);

const adminToken = (await login(admin)).accessToken;
const departments: string[] = [];
const hosts: string[] = [];
for (let d = 0; d < 10; d++) {
  const departmentId = (await post<{ id: string }>('/api/departments', { name: `Dept ${d}` }, adminToken)).id;
  departments.push(departmentId);
  for (let h = 0; h < 5; h++) {
    const user = { name: `Host ${d}.${h}`, roles: ['employee'], departmentId, password: 'host-password-1' };
    hosts.push(
      (await post<{ id: string }>('/api/users', { ...user, email: `host${d}.${h}@example.org` }, adminToken))
        .id,
    );
  }
}
await post('/api/users', { ...analyst, name: 'Ann Analyst', roles: ['analyst'] }, adminToken);
await system.runtime.waitFor(await system.log.headPosition(), 60_000);
const token = (await login(analyst)).accessToken;

const scale = Number(process.env.SEED_SCALE ?? '1');
const size: SeedSize = {
  visits: Math.round(200_000 * scale),
  incidents: Math.round(5_000 * scale),
  biometricAttempts: Math.round(4_000 * scale),
};
const session = new Session();
session.connect();
const profileDir = process.env.BENCH_CPU_PROF;
if (profileDir !== undefined) await profileStart();
const seeded = await seed(size, { departments, hosts });
if (profileDir !== undefined) await profileStop(join(profileDir, `analytics-seed-${Date.now()}.cpuprofile`));

// The export's period: from New Year to the day of the 50,000th visit (all of that day).
const exportFilter = { from: '2026-01-01', to: visitDay(Math.min(50_000, size.visits) - 1, size.visits) };
const exportRows = await system
  .readDb('visits')
  .where('sort_at', '>=', `${exportFilter.from}T00:00:00.000Z`)
  .where('sort_at', '<', new Date(Date.parse(exportFilter.to) + 86_400_000).toISOString())
  .count({ n: '*' })
  .first<{ n: number | string }>();

const address = app.server.address();
answer({
  apiPort: typeof address === 'object' && address !== null ? address.port : 0,
  token,
  departmentId: departments[0],
  size,
  seed: seeded,
  exportFilter,
  exportRows: Number(exportRows?.n ?? 0),
  dataDir: config.dataDir,
  rssMiB: { started: startedRssMiB, seeded: process.memoryUsage.rss() / 2 ** 20 },
});

/**
 * Appends every seed stream with 500 writers while the projections are paused (as after a
 * bulk import), then starts them and times each projector's catch-up.
 */
async function seed(seedSize: SeedSize, people: SeedPeople) {
  const context = { actor: { system: 'bench' }, now: new Date(), correlationId: 'bench-analytics' };
  const streams = allStreams(seedSize, people);
  const handled = new Set(analyticsProjector.handles);
  let events = 0;
  let analyticsEvents = 0;
  const startPosition = await system.log.headPosition();
  await system.runtime.stop();
  const started = performance.now();
  const writer = async () => {
    for (let next = streams.next(); next.done !== true; next = streams.next()) {
      const { streamId, events: batch }: SeedStream = next.value;
      events += batch.length;
      analyticsEvents += batch.filter((e) => handled.has(e.type)).length;
      await system.log.append(
        streamId,
        batch.map((e) => toAppend(e, context)),
        { expectedRevision: 'no_stream' },
      );
    }
  };
  await Promise.all(Array.from({ length: 500 }, writer));
  const appendSeconds = (performance.now() - started) / 1000;
  const head = await system.log.headPosition();
  const projecting = performance.now();
  await system.runtime.start();
  const names = (await system.runtime.status()).map((s) => s.name);
  const caughtUp: Record<string, number> = {};
  await Promise.all(
    names.map(async (name) => {
      await system.runtime.waitFor(head, 3_600_000, [name]);
      caughtUp[name] = Math.round(performance.now() - projecting) / 1000;
    }),
  );
  return { events, analyticsEvents, logEvents: Number(head - startPosition), appendSeconds, caughtUp };
}

function answer(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

async function profileStart(): Promise<void> {
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

async function profileStop(file: string): Promise<void> {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
}

for await (const command of createInterface({ input: process.stdin })) {
  const [verb, argument] = command.split(' ');
  if (verb === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    answer({ rssMiB: process.memoryUsage.rss() / 2 ** 20 });
  } else if (verb === 'rebuild') {
    const head = await system.log.headPosition();
    const started = performance.now();
    const result = await system.runtime.rebuild('analytics');
    answer({
      seconds: (performance.now() - started) / 1000,
      logEvents: Number(head),
      generation: result.generation,
    });
  } else if (verb === 'profile-start') {
    await profileStart();
    answer({ ok: true });
  } else if (verb === 'profile-stop' && argument !== undefined) {
    await profileStop(argument);
    answer({ ok: true });
  } else answer({ error: `unknown command ${command}` });
}
