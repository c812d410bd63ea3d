/**
 * GET /api/analytics/trends (API.md): one metric of the registry per local day, ISO week or
 * month over a period. Every period of the range is present: counts are 0 when nothing
 * happened, rates null without hours worked, averages null with nothing to average. A period
 * cut by the range's edges holds only the days inside the range.
 */
import type { Knex } from 'knex';
import type { Counter } from '../../projections/reports/analytics-metrics.js';
import { countsByHour, hoursWorked, type Scope } from './analytics-counters.query.js';
import type { MetricDefinition } from './metric-registry.js';
import { addDays, nextPeriod, periodStart, type Interval } from './time-zone.js';

export type TrendPoint = { readonly periodStart: string; readonly value: number | null };

export async function trend(
  db: Knex,
  metric: MetricDefinition,
  interval: Interval,
  scope: Scope,
): Promise<{ metric: string; unit: string; interval: Interval; points: TrendPoint[] }> {
  const periods: { start: string; from: string; to: string }[] = [];
  for (
    let start = periodStart(scope.from, interval);
    start <= scope.to;
    start = nextPeriod(start, interval)
  ) {
    const end = addDays(nextPeriod(start, interval), -1);
    periods.push({
      start,
      from: start < scope.from ? scope.from : start,
      to: end > scope.to ? scope.to : end,
    });
  }
  const sums = new Map<string, Map<string, number>>(periods.map((p) => [p.start, new Map()]));
  for (const { hour, metric: counter, value } of await countsByHour(db, scope, metric.counters)) {
    const bucket = sums.get(periodStart(scope.calendar.localDateOfHour(hour), interval));
    if (bucket !== undefined) bucket.set(counter, (bucket.get(counter) ?? 0) + value);
  }
  const points = await Promise.all(
    periods.map(async (period) => {
      const hours = metric.needsHours === true ? await hoursWorked(db, { ...scope, ...period }) : null;
      const bucket = sums.get(period.start)!;
      return { periodStart: period.start, value: metric.compute((c: Counter) => bucket.get(c) ?? 0, hours) };
    }),
  );
  return { metric: metric.name, unit: metric.unit, interval, points };
}
