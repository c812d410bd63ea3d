/**
 * Renders a report as PDF, XLSX or CSV, streaming its tables' rows as the file is read.
 * - PDF: see report-pdf.ts (title page, KPI table, charts, tables).
 * - XLSX: a "KPIs" sheet, one sheet of data points per chart, one sheet per table.
 * - CSV: the KPI records under a `section,metric,value,unit` header; then for each chart's
 *   data points and each table a blank line, a line holding its title, its header record and
 *   its rows.
 */
import { PassThrough, type Readable } from 'node:stream';
import { createCsvStream, writeCsvRecord, writeCsvTable } from '../tabular/csv-table.js';
import { produceInto } from '../tabular/reader-pace.js';
import type { TabularFormat } from '../tabular/table-document.js';
import { createXlsxWriter, writeXlsxSheet } from '../tabular/xlsx-table.js';
import { chartTable, kpiTable, periodText, type ReportDocument } from './report-document.js';
import { renderReportPdf } from './report-pdf.js';

export function renderReport(format: TabularFormat, report: ReportDocument): Readable {
  switch (format) {
    case 'pdf':
      return renderReportPdf(report);
    case 'xlsx':
      return renderReportXlsx(report);
    case 'csv':
      return renderReportCsv(report);
  }
}

function renderReportXlsx(report: ReportDocument): Readable {
  const out = new PassThrough();
  return produceInto(out, async () => {
    const writer = await createXlsxWriter(out, report.title, periodText(report.period));
    const kpis = kpiTable(report.kpis);
    await writeXlsxSheet(writer, 'KPIs', kpis.columns, kpis.rows);
    for (const chart of report.charts) {
      const points = chartTable(chart);
      await writeXlsxSheet(writer, points.title, points.columns, points.rows);
    }
    for (const table of report.tables) await writeXlsxSheet(writer, table.title, table.columns, table.rows);
    await writer.workbook.commit();
  });
}

function renderReportCsv(report: ReportDocument): Readable {
  const csv = createCsvStream();
  return produceInto(csv, async () => {
    const kpis = kpiTable(report.kpis);
    const machineHeaders = kpis.columns.map((column) => ({ ...column, header: column.key }));
    await writeCsvTable(csv, machineHeaders, kpis.rows);
    for (const table of [...report.charts.map(chartTable), ...report.tables]) {
      await writeCsvRecord(csv, []);
      await writeCsvRecord(csv, [table.title]);
      await writeCsvTable(csv, table.columns, table.rows);
    }
    csv.end();
  });
}
