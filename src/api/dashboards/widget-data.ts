/**
 * The data a widget shows, computed when the dashboard is read: a live figure or a registry
 * metric over the current month (metric), a series over the last `days` (trend), or the
 * first rows of a dataset from the last 30 days, without personal columns (table).
 */
import { dashboardMetrics } from '../../queries/dashboards/dashboard.query.js';
import type { WidgetRow } from '../../queries/dashboards/widgets.query.js';
import { hoursWorked, sumCounters } from '../../queries/reports/analytics-counters.query.js';
import { DATASETS, datasetRows } from '../../queries/reports/datasets.query.js';
import { metricNamed } from '../../queries/reports/metric-registry.js';
import { addDays, type Calendar } from '../../queries/reports/time-zone.js';
import { trend } from '../../queries/reports/trends.query.js';
import type { ReadDb } from '../../queries/read-db.js';
import { LIVE_METRICS, MetricConfig, TableConfig, TrendConfig } from './widget.schemas.js';

export type WidgetDataDeps = {
  readonly readDb: ReadDb;
  readonly calendar: Calendar;
  readonly now: () => Date;
};

export async function widgetData(deps: WidgetDataDeps, widget: WidgetRow): Promise<unknown> {
  const { readDb: db, calendar } = deps;
  const now = deps.now();
  const today = calendar.localDate(now);
  if (widget.type === 'metric') {
    const { metric, departmentId } = MetricConfig.parse(widget.config);
    if ((LIVE_METRICS as readonly string[]).includes(metric)) {
      const live = await dashboardMetrics(db, { calendar, now, departmentId });
      return { value: live[metric as (typeof LIVE_METRICS)[number]] };
    }
    const scope = { from: `${today.slice(0, 7)}-01`, to: today, departmentId, calendar };
    const definition = metricNamed(metric)!;
    const [sums, hours] = await Promise.all([sumCounters(db, scope), hoursWorked(db, scope)]);
    return {
      value: definition.compute((c) => sums.get(c) ?? 0, hours),
      unit: definition.unit,
      from: scope.from,
      to: today,
    };
  }
  if (widget.type === 'trend') {
    const { metric, interval, days, departmentId } = TrendConfig.parse(widget.config);
    const scope = { from: addDays(today, 1 - days), to: today, departmentId, calendar };
    return trend(db, metricNamed(metric)!, interval, scope);
  }
  const { dataset: name, limit, departmentId } = TableConfig.parse(widget.config);
  const dataset = DATASETS[name]!;
  const columns = dataset.columns.filter((c) => c.personal !== true);
  const rows = [];
  const since = calendar.startOf(addDays(today, -29)).toISOString();
  for await (const row of datasetRows(db, dataset, columns, { from: since, departmentId })) {
    rows.push(row);
    if (rows.length >= limit) break;
  }
  return { columns: columns.map(({ key, header, type }) => ({ key, header, type })), rows };
}
