/**
 * Dashboards (API.md): the live metrics (today, this week and this month in the analytics time
 * zone, plus the state now), and the executive comparison of a period with the one before it.
 */
import type { Knex } from 'knex';
import { trainingCompliance } from '../health-safety/compliance.query.js';
import { currentState, sumCounters, type Scope } from '../reports/analytics-counters.query.js';
import { kpis, type Kpis } from '../reports/kpis.query.js';
import { addDays, nextPeriod, periodStart, type Calendar } from '../reports/time-zone.js';

export type DashboardRequest = {
  readonly calendar: Calendar;
  readonly now: Date;
  readonly departmentId?: string | undefined;
};

export async function dashboardMetrics(db: Knex, request: DashboardRequest) {
  const { calendar, now, departmentId } = request;
  const today = calendar.localDate(now);
  const scope = (from: string): Scope => ({ from, to: today, departmentId, calendar });
  const week = periodStart(today, 'week');
  const [daySums, monthSums, state, training, inspectionsDue] = await Promise.all([
    sumCounters(db, scope(today)),
    sumCounters(db, scope(periodStart(today, 'month'))),
    currentState(db, departmentId),
    trainingCompliance(db, { departmentId, now }),
    inspectionsScheduledBetween(
      db,
      calendar.startOf(week),
      calendar.startOf(nextPeriod(week, 'week')),
      departmentId,
    ),
  ]);
  return {
    visitorsOnSite: state.onSite,
    visitsToday: daySums.get('visits') ?? 0,
    openIncidents: state.openIncidents,
    incidentsThisMonth: monthSums.get('incidents') ?? 0,
    overdueActions: state.overdueActions,
    trainingCompliance: training.compliance,
    inspectionsDueThisWeek: inspectionsDue,
    biometricVerificationsToday: daySums.get('biometric_verifications') ?? 0,
    generatedAt: now.toISOString(),
  };
}

async function inspectionsScheduledBetween(db: Knex, from: Date, to: Date, departmentId?: string) {
  const query = db('hs_inspections')
    .where('status', 'scheduled')
    .where('scheduled_for', '>=', from.toISOString())
    .where('scheduled_for', '<', to.toISOString());
  if (departmentId !== undefined) void query.where('department_id', departmentId);
  return Number((await query.count({ n: '*' }).first<{ n: number | string }>())?.n ?? 0);
}

export type Comparison = {
  readonly current: number | null;
  readonly previous: number | null;
  readonly change: number | null;
  readonly changePercent: number | null;
};

/**
 * The KPIs of a period next to those of the period of equal length just before it. Figures
 * that are a state now (on site, open actions, training compliance) have no previous value.
 */
export async function executiveView(db: Knex, request: Scope & { readonly now: Date }) {
  const days = (Date.parse(request.to) - Date.parse(request.from)) / 86_400_000 + 1;
  const previous = { ...request, from: addDays(request.from, -days), to: addDays(request.from, -1) };
  const [now, before] = await Promise.all([kpis(db, request), kpis(db, previous)]);
  return {
    period: now.period,
    previousPeriod: { from: previous.from, to: previous.to },
    safety: compare(now.safety, before.safety, ['openActions', 'overdueActions']),
    visitors: compare(now.visitors, before.visitors, ['onSiteNow']),
    training: { compliance: now.training.compliance },
    inspections: compare(now.inspections, before.inspections, []),
    biometric: compare(now.biometric, before.biometric, []),
  };
}

type Figures = Record<string, number | null>;

function compare<T extends Figures>(current: T, previous: T, stateOnly: readonly (keyof T)[]) {
  const out: Record<string, Comparison | number | null> = {};
  for (const [key, value] of Object.entries(current)) {
    if (stateOnly.includes(key)) {
      out[key] = value;
      continue;
    }
    const before = previous[key] ?? null;
    const change = value === null || before === null ? null : Math.round((value - before) * 100) / 100;
    out[key] = {
      current: value,
      previous: before,
      change,
      changePercent:
        change === null || before === null || before === 0
          ? null
          : Math.round((change / before) * 10_000) / 100,
    };
  }
  return out;
}

export type ExecutiveView = Awaited<ReturnType<typeof executiveView>>;
export type { Kpis };
