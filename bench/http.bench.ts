/**
 * HTTP throughput: autocannon, 50 connections for 10 s each, against a bare Fastify no-op
 * route (the ceiling), an authenticated query (GET /api/auth/me: token check, permission
 * table, one indexed read) and a command (POST /api/departments: validation, decide, append,
 * encrypted nothing, projection in the background). The server runs in a child process so
 * the load generator does not share its event loop.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { peakRssMb, stopServer } from './support.js';

type Target = { name: string; options: autocannon.Options };

export async function benchHttp(durationSeconds = 10): Promise<void> {
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
  const { apiPort, noopPort, token } = JSON.parse(first) as {
    apiPort: number;
    noopPort: number;
    token: string;
  };
  const auth = { authorization: `Bearer ${token}` };
  let n = 0;
  const targets: Target[] = [
    { name: 'GET /noop (bare Fastify, ceiling)', options: { url: `http://127.0.0.1:${noopPort}/noop` } },
    {
      name: 'GET /api/auth/me (authenticated query)',
      options: { url: `http://127.0.0.1:${apiPort}/api/auth/me`, headers: auth },
    },
    {
      name: 'POST /api/departments (command)',
      options: {
        url: `http://127.0.0.1:${apiPort}/api/departments`,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        setupClient: (client) => {
          client.setBody(JSON.stringify({ name: `Department ${n++}` }));
        },
      },
    },
  ];
  try {
    for (const target of targets) {
      const result = await autocannon({ ...target.options, connections: 50, duration: durationSeconds });
      const errors = result.errors + result.non2xx;
      console.log(
        `${target.name.padEnd(44)} ${String(Math.round(result.requests.average)).padStart(7)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   (${result.requests.total} requests, ${errors} errors/non-2xx)`,
      );
    }
  } finally {
    await stopServer(child);
  }
  console.log(`(bench process peak RSS ${peakRssMb()} MB)`);
}
