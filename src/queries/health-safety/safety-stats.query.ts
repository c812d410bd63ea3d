/**
 * Safety statistics per department and local day or month, for analytics: case counts
 * (recordable, DART, lost-time, near misses), days away/restricted, actions opened, closed and
 * overdue (under their due date), inspections and their average score, and the DOMAIN.md
 * rates where hours worked are known (months; null otherwise). Summed from the analytics
 * counters (pre-aggregated per hour and department), never from the incident rows.
 */
import type { Knex } from 'knex';
import type { Counter } from '../../projections/reports/analytics-metrics.js';
import { rate } from '../reports/metric-registry.js';
import { hourBucket, type Calendar } from '../reports/time-zone.js';
import { trainingCompliance } from './compliance.query.js';

export type StatsRequest = {
  readonly granularity: 'day' | 'month';
  /** Local dates; `to` excluded. */
  readonly from: string;
  readonly to: string;
  readonly departmentId?: string | undefined;
  readonly now: Date;
  readonly calendar: Calendar;
};

const COUNTERS = [
  'recordable_cases',
  'dart_cases',
  'lost_time_cases',
  'lost_time_injuries',
  'near_misses',
  'days_away',
  'days_restricted',
  'actions_opened',
  'actions_closed',
  'actions_overdue',
  'inspections_completed',
  'inspections_scored',
  'inspection_score_sum',
] as const satisfies readonly Counter[];

type Sums = Partial<Record<(typeof COUNTERS)[number], number>>;

export async function safetyStats(db: Knex, request: StatsRequest) {
  const { calendar } = request;
  const size = request.granularity === 'day' ? 10 : 7;
  const query = db('analytics_counters')
    .where('hour', '>=', hourBucket(calendar.startOf(request.from)))
    .where('hour', '<', hourBucket(calendar.startOf(request.to)))
    .whereIn('metric', COUNTERS)
    .groupBy('hour', 'department_id', 'metric')
    .select<{ hour: string; department_id: string; metric: string; total: number | string }[]>(
      'hour',
      'department_id',
      'metric',
      db.raw('sum(value) as total'),
    );
  if (request.departmentId !== undefined) void query.where('department_id', request.departmentId);
  const buckets = new Map<string, { period: string; departmentId: string; sums: Sums }>();
  const bucket = (period: string, departmentId: string) => {
    const key = `${period}|${departmentId}`;
    let b = buckets.get(key);
    if (b === undefined) buckets.set(key, (b = { period, departmentId, sums: {} }));
    return b;
  };
  for (const row of await query) {
    const sums = bucket(calendar.localDateOfHour(row.hour).slice(0, size), row.department_id).sums;
    const metric = row.metric as keyof Sums;
    sums[metric] = (sums[metric] ?? 0) + Number(row.total);
  }
  const hours = new Map<string, number>();
  if (request.granularity === 'month') {
    // Months compare as YYYY-MM: a range ending on the 1st excludes that month, else includes it.
    const hoursQuery = db('analytics_hours_worked')
      .where('month', '>=', request.from.slice(0, 7))
      .where('month', request.to.endsWith('-01') ? '<' : '<=', request.to.slice(0, 7));
    if (request.departmentId !== undefined) void hoursQuery.where('department_id', request.departmentId);
    for (const r of await hoursQuery.select<{ month: string; department_id: string; hours: number }[]>('*')) {
      hours.set(`${r.month}|${r.department_id}`, Number(r.hours));
      bucket(r.month, r.department_id);
    }
  }
  const items = [...buckets.values()]
    .sort((a, b) => a.period.localeCompare(b.period) || a.departmentId.localeCompare(b.departmentId))
    .map(({ period, departmentId, sums }) => {
      const n = (counter: keyof Sums) => sums[counter] ?? 0;
      const h = hours.get(`${period}|${departmentId}`) ?? null;
      const scored = n('inspections_scored');
      return {
        period,
        departmentId: departmentId === '' ? null : departmentId,
        recordableCases: n('recordable_cases'),
        dartCases: n('dart_cases'),
        lostTimeCases: n('lost_time_cases'),
        nearMisses: n('near_misses'),
        daysAway: n('days_away'),
        daysRestricted: n('days_restricted'),
        actionsOpened: n('actions_opened'),
        actionsClosed: n('actions_closed'),
        actionsOverdue: n('actions_overdue'),
        inspectionsCompleted: n('inspections_completed'),
        averageInspectionScore:
          scored === 0 ? null : Math.round((n('inspection_score_sum') / scored) * 100) / 100,
        hoursWorked: h,
        trir: rate(n('recordable_cases'), h, 200_000),
        dartRate: rate(n('dart_cases'), h, 200_000),
        lostTimeCaseRate: rate(n('lost_time_cases'), h, 200_000),
        ltifr: rate(n('lost_time_injuries'), h, 1_000_000),
        severityRate: rate(n('days_away') + n('days_restricted'), h, 200_000),
        nearMissRatio:
          n('recordable_cases') === 0
            ? null
            : Math.round((n('near_misses') / n('recordable_cases')) * 100) / 100,
      };
    });
  const training = await trainingCompliance(db, { departmentId: request.departmentId, now: request.now });
  return { granularity: request.granularity, items, trainingCompliance: training.compliance };
}
