/**
 * Health & safety over HTTP: 50 concurrent reporters POST 5,000 incidents (every report
 * contends for the year's numbering stream), then the numbers are checked gapless; then the
 * incident list (page of 50, filtered by severity) is read for 10 s over those 5,000 incidents.
 * The server is the real system in a child process (bench/http/bench-server.ts).
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { processCpuMs, stopServer } from './support.js';

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export async function benchHealthSafety(incidents = 5000, listSeconds = 10): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'http/bench-server.ts')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    },
  );
  const first = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).once('line', resolve),
  );
  const { apiPort, token } = JSON.parse(first) as { apiPort: number; token: string };
  const base = `http://127.0.0.1:${apiPort}/api`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  try {
    const dept = await fetch(`${base}/departments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Bench' }),
    });
    const departmentId = ((await dept.json()) as { id: string }).id;
    let n = 0;
    const pid = child.pid!;
    const cpuBefore = processCpuMs(pid);
    const reports = await autocannon({
      url: `${base}/health-safety/incidents`,
      method: 'POST',
      headers,
      connections: 50,
      amount: incidents,
      setupClient: (client) => {
        client.setBody(
          JSON.stringify({
            title: `Bench incident ${n}`,
            description: 'Benchmark',
            occurredAt: '2027-06-01T08:00:00Z',
            location: 'Hall',
            departmentId,
            type: 'near_miss',
            severity: SEVERITIES[n++ % SEVERITIES.length],
          }),
        );
      },
    });
    const reportCpu = (processCpuMs(pid) - cpuBefore) / reports.requests.total;
    const errors = reports.errors + reports.non2xx;
    console.log(
      `POST /api/health-safety/incidents (50 reporters)  ${Math.round(reports.requests.total / (reports.duration || 1))} incidents/s   p50 ${reports.latency.p50} ms   p99 ${reports.latency.p99} ms   (${reports.requests.total} requests, ${errors} errors/non-2xx, server CPU ${reportCpu.toFixed(2)} ms/request)`,
    );
    const numbers = await allNumbers(base, headers, reports.requests.total - errors);
    const expected = Array.from(
      { length: numbers.length },
      (_, i) => `INC-2027-${String(i + 1).padStart(4, '0')}`,
    );
    const gapless =
      numbers.length === reports.requests.total - errors && numbers.every((v, i) => v === expected[i]);
    console.log(`numbers after the race: ${numbers.length} incidents, gapless and unique: ${gapless}`);
    const listCpuBefore = processCpuMs(pid);
    const list = await autocannon({
      url: `${base}/health-safety/incidents?severity=high&limit=50`,
      headers,
      connections: 20,
      duration: listSeconds,
    });
    const listCpu = (processCpuMs(pid) - listCpuBefore) / list.requests.total;
    console.log(
      `GET /api/health-safety/incidents?severity=high&limit=50 over ${numbers.length}  ${Math.round(list.requests.average)} req/s   p50 ${list.latency.p50} ms   p99 ${list.latency.p99} ms   (${list.errors + list.non2xx} errors/non-2xx, server CPU ${listCpu.toFixed(2)} ms/request)`,
    );
  } finally {
    await stopServer(child);
  }
}

/** Every incident number of 2027 from the list, once the read model has them all (up to 60 s). */
async function allNumbers(
  base: string,
  headers: Record<string, string>,
  expected: number,
): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const numbers: string[] = [];
    let cursor: string | null = null;
    do {
      const url = `${base}/health-safety/incidents?from=2027-01-01T00:00:00Z&to=2028-01-01T00:00:00Z&limit=500${cursor === null ? '' : `&cursor=${cursor}`}`;
      const page = (await (await fetch(url, { headers })).json()) as {
        items: { number: string }[];
        nextCursor: string | null;
      };
      numbers.push(...page.items.map((i) => i.number));
      cursor = page.nextCursor;
    } while (cursor !== null);
    if (numbers.length >= expected || Date.now() > deadline) return numbers.sort();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
