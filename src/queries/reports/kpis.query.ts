/**
 * GET /api/analytics/kpis (API.md): every figure for a period and optionally a department,
 * from the analytics counters (sums over hour buckets), the hours worked in the period, and
 * the current state of the module read models for the "now" figures.
 */
import type { Knex } from 'knex';
import type { Counter } from '../../projections/reports/analytics-metrics.js';
import { trainingCompliance } from '../health-safety/compliance.query.js';
import {
  countsByHour,
  currentState,
  hoursWorked,
  sumCounters,
  uniqueVisitors,
  type Scope,
} from './analytics-counters.query.js';
import { METRICS } from './metric-registry.js';

export type KpiRequest = Scope & { readonly now: Date };

export async function kpis(db: Knex, request: KpiRequest) {
  const [sums, hours, visitors, peakHour, state, training] = await Promise.all([
    sumCounters(db, request),
    hoursWorked(db, request),
    uniqueVisitors(db, request),
    peakCheckInHour(db, request),
    currentState(db, request.departmentId),
    trainingCompliance(db, { departmentId: request.departmentId, now: request.now }),
  ]);
  const sum = (counter: Counter) => sums.get(counter) ?? 0;
  const metric = (name: string) => METRICS.find((m) => m.name === name)!.compute(sum, hours);
  return {
    period: {
      from: request.from,
      to: request.to,
      timeZone: request.calendar.timeZone,
      departmentId: request.departmentId ?? null,
    },
    safety: {
      trir: metric('trir'),
      dartRate: metric('dart_rate'),
      ltifr: metric('ltifr'),
      lostTimeCaseRate: metric('lost_time_case_rate'),
      severityRate: metric('severity_rate'),
      recordableCases: sum('recordable_cases'),
      dartCases: sum('dart_cases'),
      lostTimeCases: sum('lost_time_cases'),
      nearMisses: sum('near_misses'),
      hoursWorked: hours === null ? null : Math.round(hours * 100) / 100,
      openActions: state.openActions,
      overdueActions: state.overdueActions,
      avgDaysToClose: metric('avg_days_to_close'),
    },
    visitors: {
      totalVisits: sum('visits'),
      uniqueVisitors: visitors,
      avgVisitMinutes: metric('avg_visit_minutes'),
      onSiteNow: state.onSite,
      peakHour,
    },
    training: { compliance: training.compliance },
    inspections: { completed: sum('inspections_completed'), avgScore: metric('avg_inspection_score') },
    biometric: { verifications: sum('biometric_verifications'), matchRate: metric('biometric_match_rate') },
  };
}

export type Kpis = Awaited<ReturnType<typeof kpis>>;

/** The local hour of day (0–23) with the most check-ins in the period; null without any. */
async function peakCheckInHour(db: Knex, scope: Scope): Promise<number | null> {
  const byHourOfDay = new Array<number>(24).fill(0);
  for (const { hour, value } of await countsByHour(db, scope, ['visits']))
    byHourOfDay[scope.calendar.localHourOfHour(hour)]! += value;
  const most = Math.max(...byHourOfDay);
  return most === 0 ? null : byHourOfDay.indexOf(most);
}
