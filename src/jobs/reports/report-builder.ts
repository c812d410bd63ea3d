/**
 * Turns a queued report into the document the renderers write: its KPI lines (from the KPI
 * query), charts (registry metrics over the period, by day, ISO week or month as the period's
 * length suits) and tables (dataset rows of the period, streamed, personal columns left out:
 * a stored file outlives the request that asked for it).
 */
import type {
  ReportDocument,
  KpiLine,
  ChartSeries,
  ReportTable,
} from '../../files/report/report-document.js';
import {
  CustomDefinition,
  customShape,
  groupRows,
  reportColumns,
} from '../../queries/reports/custom-report.js';
import { DATASETS, datasetRows } from '../../queries/reports/datasets.query.js';
import { kpis, type Kpis } from '../../queries/reports/kpis.query.js';
import { metricNamed } from '../../queries/reports/metric-registry.js';
import type { ReportView } from '../../queries/reports/reports.query.js';
import { addDays, type Calendar, type Interval } from '../../queries/reports/time-zone.js';
import { trend } from '../../queries/reports/trends.query.js';
import type { ReadDb } from '../../queries/read-db.js';

export type BuilderDeps = { readonly readDb: ReadDb; readonly calendar: Calendar; readonly now: () => Date };

const TITLES: Readonly<Record<string, string>> = {
  visitor_summary: 'Visitor summary',
  incident_summary: 'Incident summary',
  safety_kpis: 'Safety KPIs',
  training_compliance: 'Training compliance',
  custom: 'Custom report',
};

/** What each standard report shows: KPI sections, charted metrics, and its dataset table. */
const CONTENTS: Readonly<Record<string, { sections: (keyof Kpis)[]; charts: string[]; dataset?: string }>> = {
  visitor_summary: { sections: ['visitors'], charts: ['visits', 'avg_visit_minutes'], dataset: 'visits' },
  incident_summary: { sections: ['safety'], charts: ['incidents', 'recordable_cases'], dataset: 'incidents' },
  safety_kpis: {
    sections: ['safety', 'inspections', 'training'],
    charts: ['trir', 'dart_rate', 'near_misses'],
  },
  training_compliance: { sections: ['training'], charts: [], dataset: 'training' },
};

export async function buildReportDocument(deps: BuilderDeps, report: ReportView): Promise<ReportDocument> {
  const { from, to, departmentId } = report.parameters;
  const scope = { from, to, departmentId: departmentId ?? undefined, calendar: deps.calendar };
  const now = deps.now();
  const custom = report.type === 'custom' ? CustomDefinition.parse(report.definition) : undefined;
  const contents =
    custom === undefined ? CONTENTS[report.type]! : { sections: [], charts: custom.metrics ?? [] };
  const figures = contents.sections.length === 0 ? undefined : await kpis(deps.readDb, { ...scope, now });
  const interval = intervalFor(from, to);
  const charts: ChartSeries[] = [];
  for (const name of contents.charts) {
    const metric = metricNamed(name)!;
    const series = await trend(deps.readDb, metric, interval, scope);
    charts.push({
      title: metric.description,
      kind: metric.aggregation === 'sum' ? 'bar' : 'line',
      unit: metric.unit,
      points: series.points.map((p) => ({ label: p.periodStart, value: p.value })),
    });
  }
  const filter = {
    from: deps.calendar.startOf(from).toISOString(),
    to: deps.calendar.startOf(addDays(to, 1)).toISOString(),
    departmentId: scope.departmentId,
  };
  const tables: ReportTable[] = [];
  if (custom !== undefined) {
    const { read, output } = customShape(custom);
    const rows = datasetRows(deps.readDb, DATASETS[custom.dataset]!, read, {
      ...filter,
      status: custom.filters?.status,
    });
    tables.push({ title: DATASETS[custom.dataset]!.title, columns: output, rows: groupRows(custom, rows) });
  } else if (contents.dataset !== undefined) {
    const dataset = DATASETS[contents.dataset]!;
    const columns = reportColumns(dataset.name);
    tables.push({ title: dataset.title, columns, rows: datasetRows(deps.readDb, dataset, columns, filter) });
  }
  return {
    title: custom?.title ?? TITLES[report.type] ?? report.type,
    period: { from, to },
    generatedAt: now.toISOString(),
    kpis: figures === undefined ? [] : kpiLines(figures, contents.sections),
    charts,
    tables,
  };
}

/** Day points for up to two months, weeks up to a year and a bit, months beyond. */
function intervalFor(from: string, to: string): Interval {
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  return days <= 62 ? 'day' : days <= 400 ? 'week' : 'month';
}

const LABELS: Readonly<Record<string, string>> = {
  trir: 'TRIR',
  dartRate: 'DART rate',
  dartCases: 'DART cases',
  lostTimeCases: 'Lost-time cases',
  ltifr: 'LTIFR',
  lostTimeCaseRate: 'Lost-time case rate',
  severityRate: 'Severity rate',
};

const PER_200K = 'per 200,000 hours';
const UNITS: Readonly<Record<string, string>> = {
  trir: PER_200K,
  dartRate: PER_200K,
  lostTimeCaseRate: PER_200K,
  severityRate: PER_200K,
  ltifr: 'per 1,000,000 hours',
  hoursWorked: 'hours',
  avgDaysToClose: 'days',
  avgVisitMinutes: 'minutes',
  peakHour: 'hour of day',
  compliance: '%',
  avgScore: '%',
  matchRate: '%',
};

function kpiLines(figures: Kpis, sections: readonly (keyof Kpis)[]): KpiLine[] {
  const lines: KpiLine[] = [];
  for (const section of sections) {
    if (section === 'period') continue;
    for (const [key, value] of Object.entries(figures[section])) {
      const words = key.replace(/([A-Z])/g, ' $1').toLowerCase();
      const label = LABELS[key] ?? words.charAt(0).toUpperCase() + words.slice(1);
      lines.push({ section, label, value, ...(UNITS[key] !== undefined && { unit: UNITS[key] }) });
    }
  }
  return lines;
}
