/**
 * Biometric statistics from the attempts read model: enrolments by modality, failure to
 * enrol, accept / reject / failure rates and latency percentiles, overall, by modality and
 * by modality and day. Percentiles are nearest-rank over the recorded latencies.
 */
import type { ReadDb } from '../read-db.js';

type AttemptRow = {
  kind: string;
  modality: string;
  decision: string;
  latency_ms: number | null;
  day: string;
};

export type Rates = {
  readonly attempts: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly failed: number;
  readonly acceptRate: number;
  readonly rejectRate: number;
  readonly failureRate: number;
  readonly latencyMs: {
    readonly p50: number | null;
    readonly p95: number | null;
    readonly p99: number | null;
  };
};

export type BiometricStatistics = {
  readonly enrollments: {
    readonly byModality: Record<string, number>;
    readonly failures: number;
    readonly failureToEnrollRate: number;
  };
  readonly attempts: Rates;
  readonly byModality: (Rates & { readonly modality: string })[];
  readonly byDay: (Rates & { readonly day: string; readonly modality: string })[];
};

export async function biometricStatistics(
  db: ReadDb,
  range: { readonly from?: string | undefined; readonly to?: string | undefined } = {},
): Promise<BiometricStatistics> {
  const query = db<AttemptRow>('biometric_attempts').select(
    'kind',
    'modality',
    'decision',
    'latency_ms',
    'day',
  );
  if (range.from !== undefined) void query.where('day', '>=', range.from);
  if (range.to !== undefined) void query.where('day', '<=', range.to);
  const rows = await query;
  const enrolments = rows.filter((r) => r.kind === 'enroll');
  const attempts = rows.filter((r) => r.kind !== 'enroll');
  const enrolled = enrolments.filter((r) => r.decision === 'enrolled');
  const failures = enrolments.length - enrolled.length;
  const byModality: Record<string, number> = { face: 0, fingerprint: 0, card: 0 };
  for (const r of enrolled) byModality[r.modality] = (byModality[r.modality] ?? 0) + 1;
  return {
    enrollments: { byModality, failures, failureToEnrollRate: ratio(failures, enrolments.length) },
    attempts: rates(attempts),
    byModality: groups(attempts, (r) => r.modality).map(([modality, g]) => ({ modality, ...rates(g) })),
    byDay: groups(attempts, (r) => `${r.day}|${r.modality}`).map(([key, g]) => {
      const [day = '', modality = ''] = key.split('|');
      return { day, modality, ...rates(g) };
    }),
  };
}

function groups(rows: AttemptRow[], key: (r: AttemptRow) => string): [string, AttemptRow[]][] {
  const map = new Map<string, AttemptRow[]>();
  for (const r of rows) map.set(key(r), [...(map.get(key(r)) ?? []), r]);
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function rates(rows: AttemptRow[]): Rates {
  const count = (decision: string) => rows.filter((r) => r.decision === decision).length;
  const [accepted, rejected, failed] = [count('accept'), count('reject'), count('failed')];
  const latencies = rows
    .flatMap((r) => (r.latency_ms === null ? [] : [Number(r.latency_ms)]))
    .sort((a, b) => a - b);
  return {
    attempts: rows.length,
    accepted,
    rejected,
    failed,
    acceptRate: ratio(accepted, rows.length),
    rejectRate: ratio(rejected, rows.length),
    failureRate: ratio(failed, rows.length),
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
    },
  };
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function ratio(n: number, of: number): number {
  return of === 0 ? 0 : Math.round((n / of) * 10_000) / 10_000;
}
