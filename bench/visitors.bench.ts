/**
 * Visitors: the history query over SEED_VISITS (default 50,000) visits, a page of 50 with a
 * status filter and with a name search; then check-in over HTTP with autocannon, 50
 * connections, a new walk-in visitor per request (decide, badge number on the day's counter
 * stream, sealed personal data, outbox notification); then projection lag at a steady 200
 * check-ins/s: after each check-in's answer, a read of that visit with `X-Min-Position` (the
 * check-in's position) measures how long until every read model has it. Prints figures,
 * asserts nothing. The server runs in a child process (embedded SQLite, or MariaDB with
 * DATABASE_URL/EVENTSTORE_URL), with the projectors beside the HTTP server or, with
 * `projectionThread`, in a worker thread of their own (PROJECTION_THREAD=true). Each load runs
 * for WARM_UP_SECONDS unmeasured first, so the figures are of a server whose code the JIT has
 * compiled, as a running one's is (the first seconds ran about a fifth slower); check-ins then
 * wait until the read models have caught up with the warm-up.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../src/db/knex-connection.js';
import { peakRssMb, processCpuMs, stopServer } from './support.js';

const WARM_UP_SECONDS = 2;

/** One autocannon run's figures, with the server's CPU time per request when `cpuMs` is given. */
function line(name: string, result: autocannon.Result, cpuMs?: number): void {
  const errors = result.errors + result.non2xx + result.timeouts;
  const cpu =
    cpuMs === undefined ? '' : `, server CPU ${(cpuMs / result.requests.total).toFixed(2)} ms/request`;
  console.log(
    `${name.padEnd(52)} ${String(Math.round(result.requests.average)).padStart(7)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   (${result.requests.total} requests, ${errors} errors/non-2xx${cpu})`,
  );
}

/** Runs `load` and returns its result with the CPU time the server process used meanwhile. */
async function measured(pid: number, load: () => Promise<autocannon.Result>) {
  const before = processCpuMs(pid);
  const result = await load();
  return [result, processCpuMs(pid) - before] as const;
}

/**
 * With `mysqlUrl`, the log and the read models live in a scratch database on that server
 * (created and dropped here); without, the embedded SQLite default.
 */
export async function benchVisitors(
  durationSeconds = 10,
  seedVisits = 50_000,
  mysqlUrl?: string,
  projectionThread = false,
): Promise<void> {
  const scratch = mysqlUrl === undefined ? undefined : await scratchDatabase(mysqlUrl);
  const stores = {
    ...(scratch === undefined ? {} : { DATABASE_URL: scratch.url, EVENTSTORE_URL: scratch.url }),
    PROJECTION_THREAD: String(projectionThread),
  };
  console.log(
    `visitors on ${scratch === undefined ? 'embedded SQLite' : 'MariaDB'}, ${projectionThread ? 'projectors in a worker thread (PROJECTION_THREAD=true)' : 'projectors beside the HTTP server (the default)'}`,
  );
  try {
    await run(durationSeconds, seedVisits, stores);
  } finally {
    await scratch?.drop();
  }
}

/** Waits (up to 10 minutes) until the read models have caught up with the load before: lag is measured from a steady state. */
async function settle(base: string, headers: Record<string, string>, hostId: string): Promise<void> {
  const started = Date.now();
  const response = await fetch(`${base}/api/visitors/checkin`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ visitor: { firstName: 'Settle', lastName: 'Check' }, hostId, purpose: 'Settle' }),
  });
  const { visitId, position } = (await response.json()) as { visitId: string; position: string };
  while (Date.now() - started < 600_000) {
    const read = await fetch(`${base}/api/visitors/${visitId}`, {
      headers: { ...headers, 'x-min-position': position },
    });
    await read.arrayBuffer();
    if (read.ok) break;
  }
  console.log(
    `(read models caught up with the check-in load ${((Date.now() - started) / 1000).toFixed(1)} s after it ended)`,
  );
}

/**
 * Check-ins at a steady 200/s, each sent on its schedule (every 5 ms) whether or not earlier
 * ones have been answered; each answer is followed by a read that waits for its position.
 * (autocannon's overallRate lets each connection send its share of a second's requests back
 * to back and then wait for the next second: the 200 went out in a burst each second.)
 */
async function projectionLag(
  base: string,
  headers: Record<string, string>,
  hostId: string,
  durationSeconds: number,
): Promise<void> {
  const rate = 200;
  await openConnections(base, headers, 64);
  const lags: number[] = [];
  let errors = 0;
  let failed = 0;
  const checkInThenRead = async (n: number) => {
    const visitor = { firstName: 'Steady', lastName: `Walker${n}`, company: 'Lag Co' };
    const response = await fetch(`${base}/api/visitors/checkin`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ visitor, hostId, purpose: 'Lag' }),
    });
    if (response.status !== 201) {
      errors++;
      await response.arrayBuffer();
      return;
    }
    const { visitId, position } = (await response.json()) as { visitId: string; position: string };
    const started = performance.now();
    const read = await fetch(`${base}/api/visitors/${visitId}`, {
      headers: { ...headers, 'x-min-position': position },
    });
    await read.arrayBuffer();
    if (read.ok) lags.push(performance.now() - started);
    else failed++;
  };
  const runs: Promise<void>[] = [];
  const total = rate * durationSeconds;
  const start = performance.now();
  for (let n = 0; n < total; n++) {
    const wait = start + (n * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    runs.push(checkInThenRead(n));
  }
  await Promise.all(runs);
  const answeredPerSecond = total / ((performance.now() - start) / 1000);
  lags.sort((a, b) => a - b);
  const at = (q: number) => (lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? NaN).toFixed(1);
  console.log(
    `projection lag at ${rate} check-ins/s (answer -> read with X-Min-Position): p50 ${at(0.5)} ms   p99 ${at(0.99)} ms   max ${at(1)} ms   (${total} check-ins sent, all answered at ${Math.round(answeredPerSecond)}/s, ${errors} errors, ${failed} reads not caught up)`,
  );
}

/**
 * Opens `count` keep-alive connections for the probes first, as a client that reads its writes
 * would hold them: otherwise fetch opens a socket per concurrent probe in the first half
 * second, and that ramp-up (up to 800 ms here), not the read models, was the p99.
 */
async function openConnections(base: string, headers: Record<string, string>, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, async () => {
      const response = await fetch(`${base}/api/visitors/history?limit=1`, { headers });
      await response.arrayBuffer();
    }),
  );
}

async function scratchDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bench_visitors_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const admin = openDatabase({ kind: 'mysql', url }, { max: 1 });
  await admin.raw(`CREATE DATABASE \`${name}\``);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    drop: async () => {
      await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.destroy();
    },
  };
}

async function run(
  durationSeconds: number,
  seedVisits: number,
  stores: Record<string, string>,
): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'visitors-bench-server.ts')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...stores, SEED_VISITS: String(seedVisits) },
    },
  );
  const first = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).once('line', resolve),
  );
  const { apiPort, token, hostId, seed } = JSON.parse(first) as {
    apiPort: number;
    token: string;
    hostId: string;
    seed: { visits: number; appendSeconds: number; projectSeconds: number };
  };
  console.log(
    `visitors: seeded ${seed.visits} visits (append ${seed.appendSeconds} s, projections caught up ${seed.projectSeconds} s later)`,
  );
  const base = `http://127.0.0.1:${apiPort}`;
  const headers = { authorization: `Bearer ${token}` };
  const pid = child.pid!;
  try {
    for (const [name, query] of [
      ['GET /api/visitors/history (50, status filter)', 'limit=50&status=checked_out'],
      ['GET /api/visitors/history (50, name search)', 'limit=50&q=ada%20visitor1'],
    ] as const) {
      const load = (duration: number) =>
        autocannon({ url: `${base}/api/visitors/history?${query}`, headers, connections: 50, duration });
      await load(WARM_UP_SECONDS);
      line(name, ...(await measured(pid, () => load(durationSeconds))));
    }
    let n = 0;
    const checkInLoad = (duration: number) =>
      autocannon({
        url: `${base}/api/visitors/checkin`,
        connections: 50,
        duration,
        requests: [
          {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            setupRequest: (request) => {
              n++;
              const visitor = { firstName: 'Walk', lastName: `In${n}`, company: 'Load Co' };
              return { ...request, body: JSON.stringify({ visitor, hostId, purpose: 'Bench' }) };
            },
          },
        ],
      });
    await checkInLoad(WARM_UP_SECONDS);
    await settle(base, headers, hostId);
    const checkIns = await measured(pid, () => checkInLoad(durationSeconds));
    line('POST /api/visitors/checkin (new walk-in each)', ...checkIns);
    await settle(base, headers, hostId);
    await projectionLag(base, headers, hostId, durationSeconds);
  } finally {
    await stopServer(child);
  }
  console.log(`(bench process peak RSS ${peakRssMb()} MB)`);
}
