/**
 * Safety statistics per department and day or month, for analytics: case counts (recordable,
 * DART, lost-time, near misses), days away/restricted, actions opened/closed/overdue,
 * inspection scores, and the DOMAIN.md rates where hours worked are known (null otherwise).
 * Grouped here from indexed read-model rows in the asked range (kept per period: months hold hours).
 */
import type { Knex } from 'knex';
import { trainingCompliance } from './compliance.query.js';

export type StatsRequest = {
  readonly granularity: 'day' | 'month';
  readonly from: string;
  readonly to: string;
  readonly departmentId?: string | undefined;
  readonly now: Date;
};

type Bucket = {
  period: string;
  departmentId: string;
  recordableCases: number;
  dartCases: number;
  lostTimeCases: number;
  lostTimeInjuries: number;
  nearMisses: number;
  daysAway: number;
  daysRestricted: number;
  actionsOpened: number;
  actionsClosed: number;
  actionsOverdue: number;
  inspectionsCompleted: number;
  scoreSum: number;
  scored: number;
};

const rate = (n: number, hours: number | null, base: number) =>
  hours === null || hours === 0 ? null : Math.round(((n * base) / hours) * 100) / 100;

export async function safetyStats(db: Knex, request: StatsRequest) {
  const size = request.granularity === 'day' ? 10 : 7;
  const buckets = new Map<string, Bucket>();
  const bucket = (at: string, departmentId: string | null) => {
    const period = at.slice(0, size);
    const key = `${period}|${departmentId ?? ''}`;
    let b = buckets.get(key);
    if (b === undefined) {
      b = {
        period,
        departmentId: departmentId ?? '',
        recordableCases: 0,
        dartCases: 0,
        lostTimeCases: 0,
        lostTimeInjuries: 0,
        nearMisses: 0,
        daysAway: 0,
        daysRestricted: 0,
        actionsOpened: 0,
        actionsClosed: 0,
        actionsOverdue: 0,
        inspectionsCompleted: 0,
        scoreSum: 0,
        scored: 0,
      };
      buckets.set(key, b);
    }
    return b;
  };
  const inRange = (table: string, column: string) => {
    const q = db(table).where(column, '>=', request.from).where(column, '<', request.to);
    if (request.departmentId !== undefined) void q.where('department_id', request.departmentId);
    return q;
  };
  const incidents = await inRange('hs_incidents', 'occurred_at').select<
    Record<string, string | number | null>[]
  >('occurred_at', 'department_id', 'type', 'recordable', 'outcome', 'days_away', 'days_restricted');
  for (const i of incidents) {
    const b = bucket(String(i.occurred_at), String(i.department_id));
    if (i.type === 'near_miss') b.nearMisses++;
    if (!i.recordable) continue;
    b.recordableCases++;
    if (i.outcome === 'days_away' || i.outcome === 'restricted') b.dartCases++;
    if (i.outcome === 'days_away') {
      b.lostTimeCases++;
      if (i.type === 'injury') b.lostTimeInjuries++;
    }
    b.daysAway += Number(i.days_away);
    b.daysRestricted += Number(i.days_restricted);
  }
  for (const a of await inRange('hs_actions', 'opened_at').select<
    {
      opened_at: string;
      department_id: string | null;
    }[]
  >('opened_at', 'department_id'))
    bucket(a.opened_at, a.department_id).actionsOpened++;
  for (const a of await inRange('hs_actions', 'completed_at').select<
    {
      completed_at: string;
      department_id: string | null;
    }[]
  >('completed_at', 'department_id'))
    bucket(a.completed_at, a.department_id).actionsClosed++;
  const today = request.now.toISOString().slice(0, 10);
  // An action counts as overdue in the period its due date falls in, if it was not done by then.
  for (const a of await inRange('hs_actions', 'due_date').select<
    { due_date: string; department_id: string | null; completed_at: string | null }[]
  >('due_date', 'department_id', 'completed_at')) {
    const late = a.completed_at === null ? a.due_date < today : a.completed_at.slice(0, 10) > a.due_date;
    if (late) bucket(a.due_date, a.department_id).actionsOverdue++;
  }
  for (const s of await inRange('hs_inspections', 'completed_at').select<
    { completed_at: string; department_id: string; score: number | null }[]
  >('completed_at', 'department_id', 'score')) {
    const b = bucket(s.completed_at, s.department_id);
    b.inspectionsCompleted++;
    if (s.score !== null) {
      b.scoreSum += Number(s.score);
      b.scored++;
    }
  }
  const hours = new Map<string, number>();
  if (request.granularity === 'month') {
    // Months compare as YYYY-MM: a range ending on the 1st excludes that month, else includes it.
    const query = db('hs_hours_worked')
      .where('month', '>=', request.from.slice(0, 7))
      .where('month', request.to.endsWith('-01') ? '<' : '<=', request.to.slice(0, 7));
    if (request.departmentId !== undefined) void query.where('department_id', request.departmentId);
    const rows = await query.select<{ month: string; department_id: string; hours: number }[]>('*');
    for (const r of rows) {
      hours.set(`${r.month}|${r.department_id}`, Number(r.hours));
      bucket(r.month, r.department_id);
    }
  }
  const items = [...buckets.values()]
    .sort((a, b) => a.period.localeCompare(b.period) || a.departmentId.localeCompare(b.departmentId))
    .map(({ scoreSum, scored, lostTimeInjuries, ...b }) => {
      const h = hours.get(`${b.period}|${b.departmentId}`) ?? null;
      return {
        ...b,
        departmentId: b.departmentId === '' ? null : b.departmentId,
        averageInspectionScore: scored === 0 ? null : Math.round((scoreSum / scored) * 100) / 100,
        hoursWorked: h,
        trir: rate(b.recordableCases, h, 200_000),
        dartRate: rate(b.dartCases, h, 200_000),
        lostTimeCaseRate: rate(b.lostTimeCases, h, 200_000),
        ltifr: rate(lostTimeInjuries, h, 1_000_000),
        severityRate: rate(b.daysAway + b.daysRestricted, h, 200_000),
        nearMissRatio:
          b.recordableCases === 0 ? null : Math.round((b.nearMisses / b.recordableCases) * 100) / 100,
      };
    });
  const training = await trainingCompliance(db, { departmentId: request.departmentId, now: request.now });
  return { granularity: request.granularity, items, trainingCompliance: training.compliance };
}
