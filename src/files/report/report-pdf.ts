/**
 * A report as PDF: a title page (title, period, generation time, contents), the KPI table,
 * the charts two to a page, then each table drawn by the same code as renderTable's PDF,
 * its rows streamed.
 */
import type { Readable } from 'node:stream';
import { displayText, normalizeCell } from '../tabular/cell-values.js';
import { renderPdf, type PdfWriter } from '../tabular/pdf-document.js';
import { drawPdfTable } from '../tabular/pdf-table.js';
import { FONT, textAt } from '../tabular/pdf-text.js';
import { drawChart } from './pdf-chart.js';
import { kpiTable, periodText, type ChartSeries, type ReportDocument } from './report-document.js';

const CHART_GAP = 24;

export function renderReportPdf(report: ReportDocument): Readable {
  return renderPdf(report.title, async (pdf) => {
    drawTitlePage(pdf, report);
    pdf.doc.addPage();
    pdf.doc.y = pdf.area.top;
    const kpis = kpiTable(report.kpis);
    await drawPdfTable(pdf, kpis.columns, kpis.rows, kpis.title);
    drawCharts(pdf, report.charts);
    for (const table of report.tables) await drawPdfTable(pdf, table.columns, table.rows, table.title);
  });
}

function drawTitlePage({ doc, area }: PdfWriter, report: ReportDocument): void {
  const width = area.right - area.left;
  const generatedAt = displayText(normalizeCell(report.generatedAt, 'datetime'), 'datetime');
  let y = area.top + (area.bottom - area.top) / 3;
  textAt(doc, report.title, area.left, y, { width, align: 'center', font: FONT.bold, size: 26 });
  y += 44;
  textAt(doc, periodText(report.period), area.left, y, {
    width,
    align: 'center',
    font: FONT.regular,
    size: 14,
  });
  y += 26;
  doc.fillColor('#555555');
  textAt(doc, `Generated ${generatedAt}`, area.left, y, {
    width,
    align: 'center',
    font: FONT.regular,
    size: 10,
  });
  y += 40;
  const contents = [
    `Key figures (${report.kpis.length})`,
    ...report.charts.map((chart) => `Chart: ${chart.title}`),
    ...report.tables.map((table) => `Table: ${table.title}`),
  ];
  for (const line of contents) {
    textAt(doc, line, area.left, y, { width, align: 'center', font: FONT.regular, size: 9 });
    y += 13;
  }
  doc.fillColor('black');
}

/** Charts fill the top and bottom halves of fresh pages; the tables that follow start below the last. */
function drawCharts(pdf: PdfWriter, charts: readonly ChartSeries[]): void {
  const { doc, area } = pdf;
  const height = (area.bottom - area.top - CHART_GAP) / 2;
  charts.forEach((chart, index) => {
    if (index % 2 === 0) doc.addPage();
    const top = area.top + (index % 2) * (height + CHART_GAP);
    drawChart(doc, chart, { left: area.left, right: area.right, top, bottom: top + height });
    doc.y = top + height + CHART_GAP;
  });
}
