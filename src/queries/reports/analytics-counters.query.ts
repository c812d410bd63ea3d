/**
 * Sums of the analytics counters (src/projections/reports/analytics.projection.ts) over a
 * span of UTC hours, optionally one department; hours worked prorated over a period; and the
 * figures that are a state now rather than a sum over time (on site, open and overdue
 * actions, open incidents), counted on the indexed module read models.
 */
import type { Knex } from 'knex';
import type { Counter } from '../../projections/reports/analytics-metrics.js';
import { addDays, daysInMonth, hourBucket, type Calendar } from './time-zone.js';

/** A period in local dates, `to` included, and the department it is limited to, if any. */
export type Scope = {
  readonly from: string;
  readonly to: string;
  readonly departmentId?: string | undefined;
  readonly calendar: Calendar;
};

export type Sums = ReadonlyMap<string, number>;

/** The UTC hour buckets [first, end) that the scope's local days cover. */
export function hourSpan(scope: Scope): { readonly first: string; readonly end: string } {
  return {
    first: hourBucket(scope.calendar.startOf(scope.from)),
    end: hourBucket(scope.calendar.startOf(addDays(scope.to, 1))),
  };
}

function counters(db: Knex, scope: Scope, metrics?: readonly Counter[]) {
  const { first, end } = hourSpan(scope);
  const query = db('analytics_counters').where('hour', '>=', first).where('hour', '<', end);
  if (scope.departmentId !== undefined) void query.where('department_id', scope.departmentId);
  if (metrics !== undefined) void query.whereIn('metric', metrics);
  return query;
}

export async function sumCounters(db: Knex, scope: Scope): Promise<Sums> {
  const rows = await counters(db, scope)
    .groupBy('metric')
    .select<{ metric: string; total: number | string }[]>('metric', db.raw('sum(value) as total'));
  return new Map(rows.map((r) => [r.metric, Number(r.total)]));
}

export type HourlyCount = { readonly hour: string; readonly metric: string; readonly value: number };

export async function countsByHour(
  db: Knex,
  scope: Scope,
  metrics: readonly Counter[],
): Promise<HourlyCount[]> {
  const rows = await counters(db, scope, metrics)
    .groupBy('hour', 'metric')
    .select<{ hour: string; metric: string; total: number | string }[]>(
      'hour',
      'metric',
      db.raw('sum(value) as total'),
    );
  return rows.map((r) => ({ hour: r.hour, metric: r.metric, value: Number(r.total) }));
}

export async function uniqueVisitors(db: Knex, scope: Scope): Promise<number> {
  const { first, end } = hourSpan(scope);
  const query = db('analytics_visitor_hours').where('hour', '>=', first).where('hour', '<', end);
  if (scope.departmentId !== undefined) void query.where('department_id', scope.departmentId);
  const row = await query.countDistinct({ n: 'visitor_id' }).first<{ n: number | string }>();
  return Number(row?.n ?? 0);
}

/**
 * Hours worked in the scope: each recorded month's hours times the share of its days inside
 * the period (hours are recorded per month, so a part of a month gets its part). Null when no
 * month the period touches has hours recorded.
 */
export async function hoursWorked(db: Knex, scope: Scope): Promise<number | null> {
  const query = db('analytics_hours_worked')
    .where('month', '>=', scope.from.slice(0, 7))
    .where('month', '<=', scope.to.slice(0, 7));
  if (scope.departmentId !== undefined) void query.where('department_id', scope.departmentId);
  const rows = await query.select<{ month: string; hours: number | string }[]>('month', 'hours');
  if (rows.length === 0) return null;
  let total = 0;
  for (const { month, hours } of rows) {
    const days = daysInMonth(month);
    const first = scope.from > `${month}-01` ? scope.from : `${month}-01`;
    const monthEnd = `${month}-${String(days).padStart(2, '0')}`;
    const last = scope.to < monthEnd ? scope.to : monthEnd;
    const covered = (Date.parse(last) - Date.parse(first)) / 86_400_000 + 1;
    if (covered > 0) total += (Number(hours) * covered) / days;
  }
  return total;
}

export type CurrentState = {
  readonly onSite: number;
  readonly openIncidents: number;
  readonly openActions: number;
  readonly overdueActions: number;
};

export async function currentState(db: Knex, departmentId?: string): Promise<CurrentState> {
  const count = async (query: Knex.QueryBuilder) =>
    Number((await query.count({ n: '*' }).first<{ n: number | string }>())?.n ?? 0);
  const onSite = db('visits').whereIn('status', ['checked_in', 'pending_approval']);
  const incidents = db('hs_incidents').whereNot('status', 'closed');
  const actions = () => db('hs_actions').where('status', 'open');
  if (departmentId !== undefined) {
    void onSite.whereIn('host_id', db('users').select('id').where('department_id', departmentId));
    void incidents.where('department_id', departmentId);
  }
  const inDepartment = (query: Knex.QueryBuilder) =>
    departmentId === undefined ? query : query.where('department_id', departmentId);
  const [visitors, open, actionsOpen, overdue] = await Promise.all([
    count(onSite),
    count(incidents),
    count(inDepartment(actions())),
    count(inDepartment(actions().where('overdue', true))),
  ]);
  return { onSite: visitors, openIncidents: open, openActions: actionsOpen, overdueActions: overdue };
}
