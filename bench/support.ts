/** Helpers for benchmarks: timing, peak RSS, printing a figure per line. */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { openDatabase } from '../src/db/knex-connection.js';

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);
sampler.unref();

export function peakRssMb(): number {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  return Math.round(peakRss / 1024 / 1024);
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc: a benchmark's server
 * reports its cost per request this way, which the machine's load disturbs less than req/s.
 */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function report(name: string, count: number, seconds: number, unit = 'events/s'): void {
  const rate = Math.round(count / seconds);
  console.log(
    `${name.padEnd(58)} ${String(rate).padStart(10)} ${unit}   (${count} in ${seconds.toFixed(2)} s, peak RSS ${peakRssMb()} MB)`,
  );
}

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

export type BenchDb = { readonly db: Knex; readonly label: string; drop(): Promise<void> };

export function sqliteBenchDb(name: string): BenchDb {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-'));
  const db = openDatabase({ kind: 'sqlite', file: join(dir, `${name}.db`) });
  return {
    db,
    label: 'sqlite',
    drop: async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A scratch database on the MariaDB of MYSQL_BENCH_URL / DATABASE_URL, or undefined. */
export async function mysqlBenchDb(url: string | undefined): Promise<BenchDb | undefined> {
  if (url === undefined) return undefined;
  const name = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = openDatabase({ kind: 'mysql', url }, { max: 1 });
  try {
    await admin.raw(`CREATE DATABASE \`${name}\``);
  } catch (error) {
    console.log(
      `(MariaDB not reachable at the given URL, skipping its figures: ${(error as Error).message})`,
    );
    await admin.destroy();
    return undefined;
  }
  await admin.destroy();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = openDatabase({ kind: 'mysql', url: target.toString() });
  return {
    db,
    label: 'mariadb',
    drop: async () => {
      await db.destroy();
      const again = openDatabase({ kind: 'mysql', url }, { max: 1 });
      await again.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await again.destroy();
    },
  };
}

/**
 * A temp DATA_DIR for a benchmark's server process, removed when the process is told to stop
 * (SIGTERM): a seeded visitors run leaves about 200 MB. BENCH_KEEP_DATA=1 keeps it.
 */
export function serverDataDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.once('SIGTERM', () => {
    if (process.env.BENCH_KEEP_DATA === undefined) rmSync(dir, { recursive: true, force: true });
    else console.error(`(seeded stores kept in ${dir})`);
    process.exit(0);
  });
  return dir;
}

/** Stops a benchmark's server process and waits until it has gone (and removed its data). */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
