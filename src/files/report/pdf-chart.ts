/**
 * Draws one chart series into a box of a PDF page with pdfkit vector paths (no browser, no
 * image): a title, a value axis with gridlines and tick labels, category labels (thinned
 * when they would overlap), then bars from zero or a line with point markers. A null value
 * is a gap: no bar, and the line breaks there.
 */
import type { PdfArea } from '../tabular/pdf-document.js';
import { FONT, textAt } from '../tabular/pdf-text.js';
import { chartScale, type ChartScale } from './chart-scale.js';
import type { ChartSeries } from './report-document.js';

const COLOR = { series: '#2f6fb0', grid: '#e1e5ea', axis: '#4a5561', label: '#333333' } as const;
const TICK_LABEL = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
const LABEL_SIZE = 7;

type Plot = PdfArea & { readonly y: (value: number) => number; readonly slot: number };

export function drawChart(doc: PDFKit.PDFDocument, chart: ChartSeries, box: PdfArea): void {
  const title = chart.unit === undefined ? chart.title : `${chart.title} (${chart.unit})`;
  textAt(doc, title, box.left, box.top, { width: box.right - box.left, font: FONT.bold, size: 12 });
  const values = chart.points.flatMap((point) => (point.value === null ? [] : [point.value]));
  const scale = chartScale(values);
  const area = { left: box.left + 48, right: box.right - 8, top: box.top + 26, bottom: box.bottom - 22 };
  const plot: Plot = {
    ...area,
    y: (value) => area.bottom - ((value - scale.min) / (scale.max - scale.min)) * (area.bottom - area.top),
    slot: (area.right - area.left) / Math.max(chart.points.length, 1),
  };
  drawValueAxis(doc, scale, plot, box.left);
  drawCategoryLabels(doc, chart, plot);
  if (values.length === 0) {
    const middle = (plot.top + plot.bottom) / 2;
    const width = plot.right - plot.left;
    textAt(doc, 'No data', plot.left, middle, { width, align: 'center', font: FONT.regular, size: 10 });
  } else if (chart.kind === 'bar') {
    drawBars(doc, chart, plot);
  } else {
    drawLine(doc, chart, plot);
  }
  doc.fillColor('black');
}

/** Gridlines and labels at the ticks, the axis lines, and a zero line when values go negative. */
function drawValueAxis(doc: PDFKit.PDFDocument, scale: ChartScale, plot: Plot, labelLeft: number): void {
  for (const tick of scale.ticks) {
    doc.moveTo(plot.left, plot.y(tick)).lineTo(plot.right, plot.y(tick)).lineWidth(0.5).stroke(COLOR.grid);
    doc.fillColor(COLOR.label);
    const label = TICK_LABEL.format(tick);
    textAt(doc, label, labelLeft, plot.y(tick) - 3, {
      width: 42,
      align: 'right',
      font: FONT.regular,
      size: LABEL_SIZE,
    });
  }
  doc.moveTo(plot.left, plot.top).lineTo(plot.left, plot.bottom).lineTo(plot.right, plot.bottom);
  if (scale.min < 0) doc.moveTo(plot.left, plot.y(0)).lineTo(plot.right, plot.y(0));
  doc.lineWidth(0.8).stroke(COLOR.axis);
}

function centre(plot: Plot, index: number): number {
  return plot.left + plot.slot * (index + 0.5);
}

/** Every k-th label, k chosen so that the widest label fits the space it gets. */
function drawCategoryLabels(doc: PDFKit.PDFDocument, chart: ChartSeries, plot: Plot): void {
  doc.font(FONT.regular).fontSize(LABEL_SIZE).fillColor(COLOR.label);
  const widest = chart.points.reduce((max, point) => Math.max(max, doc.widthOfString(point.label)), 0);
  const every = Math.max(1, Math.ceil((widest + 6) / plot.slot));
  chart.points.forEach((point, index) => {
    if (index % every !== 0) return;
    doc
      .moveTo(centre(plot, index), plot.bottom)
      .lineTo(centre(plot, index), plot.bottom + 3)
      .lineWidth(0.5)
      .stroke(COLOR.axis);
    const width = plot.slot * every;
    textAt(doc, point.label, centre(plot, index) - width / 2, plot.bottom + 6, {
      width,
      align: 'center',
      font: FONT.regular,
      size: LABEL_SIZE,
    });
  });
}

function drawBars(doc: PDFKit.PDFDocument, chart: ChartSeries, plot: Plot): void {
  const barWidth = Math.max(plot.slot * 0.7, 0.5);
  chart.points.forEach((point, index) => {
    if (point.value === null) return;
    const top = Math.min(plot.y(point.value), plot.y(0));
    const height = Math.abs(plot.y(point.value) - plot.y(0));
    doc.rect(centre(plot, index) - barWidth / 2, top, barWidth, height).fill(COLOR.series);
  });
}

function drawLine(doc: PDFKit.PDFDocument, chart: ChartSeries, plot: Plot): void {
  let drawing = false;
  chart.points.forEach((point, index) => {
    if (point.value === null) {
      drawing = false;
      return;
    }
    if (drawing) doc.lineTo(centre(plot, index), plot.y(point.value));
    else doc.moveTo(centre(plot, index), plot.y(point.value));
    drawing = true;
  });
  doc.lineWidth(1.5).lineJoin('round').stroke(COLOR.series);
  chart.points.forEach((point, index) => {
    if (point.value !== null) doc.circle(centre(plot, index), plot.y(point.value), 2).fill(COLOR.series);
  });
}
