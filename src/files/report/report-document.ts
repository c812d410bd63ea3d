/**
 * A report as the reports module hands it to the renderers: a title, its period, KPI lines,
 * chart series and any number of streamed tables. KPIs and chart points are small and given
 * whole; they become tables here (`kpiTable`, `chartTable`) so every format writes them
 * with the same table code as the streamed tables.
 */
import { Readable } from 'node:stream';
import type { Column, Row } from '../tabular/table-document.js';

export type KpiLine = {
  readonly section: string;
  readonly label: string;
  readonly value: number | string | null;
  readonly unit?: string;
};

export type ChartSeries = {
  readonly title: string;
  readonly kind: 'bar' | 'line';
  readonly unit?: string;
  readonly points: readonly { readonly label: string; readonly value: number | null }[];
};

export type ReportTable = {
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: AsyncIterable<Row>;
};

export type ReportDocument = {
  readonly title: string;
  readonly period: { readonly from: string; readonly to: string };
  /** ISO */
  readonly generatedAt: string;
  readonly kpis: readonly KpiLine[];
  readonly charts: readonly ChartSeries[];
  readonly tables: readonly ReportTable[];
};

/** A KPI without a value (no hours recorded, no data) is shown as this in every format. */
const NOT_AVAILABLE = 'n/a';

const KPI_COLUMNS: readonly Column[] = [
  { key: 'section', header: 'Section', type: 'string', width: 18 },
  { key: 'metric', header: 'Metric', type: 'string', width: 36 },
  { key: 'value', header: 'Value', type: 'number', width: 14 },
  { key: 'unit', header: 'Unit', type: 'string', width: 12 },
];

export function periodText(period: ReportDocument['period']): string {
  return `${period.from} – ${period.to}`;
}

export function kpiTable(kpis: readonly KpiLine[]): ReportTable {
  const rows = kpis.map((kpi) => ({
    section: kpi.section,
    metric: kpi.label,
    value: kpi.value ?? NOT_AVAILABLE,
    unit: kpi.unit ?? '',
  }));
  return { title: 'Key figures', columns: KPI_COLUMNS, rows: streamOf(rows) };
}

/** A chart's data points as a two-column table (label, value with its unit in the header). */
export function chartTable(chart: ChartSeries): ReportTable {
  const valueHeader = chart.unit === undefined ? chart.title : `${chart.title} (${chart.unit})`;
  const columns: readonly Column[] = [
    { key: 'label', header: 'Label', type: 'string', width: 16 },
    { key: 'value', header: valueHeader, type: 'number', width: 16 },
  ];
  return { title: chart.title, columns, rows: streamOf(chart.points) };
}

/** The small in-memory rows of KPIs and chart points, as the row stream the table writers take. */
function streamOf(rows: readonly Row[]): AsyncIterable<Row> {
  return Readable.from(rows);
}
