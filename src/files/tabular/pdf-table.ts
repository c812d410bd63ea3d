/**
 * Draws a table into a PDF, row by row as rows arrive: column widths scaled from the
 * columns' character widths to the page, numbers right-aligned, text cut to its column,
 * light stripes, and the header row drawn again at the top of every page the table reaches.
 * Used by renderTable's PDF and by every table of a PDF report.
 */
import { displayText, normalizeCell } from './cell-values.js';
import type { PdfWriter } from './pdf-document.js';
import { FONT, textAt } from './pdf-text.js';
import { columnWidth, isNumericType, type Column, type Row } from './table-document.js';

const ROW_HEIGHT = 14;
const FONT_SIZE = 8;
const PADDING = 3;
const TITLE_HEIGHT = 22;

type PlacedColumn = { readonly column: Column; readonly x: number; readonly width: number };

/** Draws `title` (if any), the header and every row from the current position; leaves doc.y below the table. */
export async function drawPdfTable(
  pdf: PdfWriter,
  columns: readonly Column[],
  rows: AsyncIterable<Row>,
  title?: string,
): Promise<void> {
  const { doc, area } = pdf;
  const placed = placeColumns(columns, area.left, area.right - area.left);
  let y = doc.y;
  if (y + (title === undefined ? 0 : TITLE_HEIGHT) + 3 * ROW_HEIGHT > area.bottom) y = newPage(pdf);
  if (title !== undefined) {
    textAt(doc, title, area.left, y, { width: area.right - area.left, font: FONT.bold, size: 12 });
    y += TITLE_HEIGHT;
  }
  y = drawHeader(pdf, placed, y);
  let index = 0;
  for await (const row of rows) {
    if (y + ROW_HEIGHT > area.bottom) y = drawHeader(pdf, placed, newPage(pdf));
    drawRow(pdf, placed, row, y, index);
    y += ROW_HEIGHT;
    index += 1;
    await pdf.pace();
  }
  if (index === 0) {
    textAt(doc, 'No rows', area.left + PADDING, y + PADDING, {
      width: 200,
      font: FONT.regular,
      size: FONT_SIZE,
    });
    y += ROW_HEIGHT;
  }
  doc.y = y + ROW_HEIGHT;
}

function placeColumns(columns: readonly Column[], left: number, width: number): PlacedColumn[] {
  const total = columns.reduce((sum, column) => sum + columnWidth(column), 0);
  let x = left;
  return columns.map((column) => {
    const placed = { column, x, width: (columnWidth(column) / total) * width };
    x += placed.width;
    return placed;
  });
}

function newPage(pdf: PdfWriter): number {
  pdf.doc.addPage();
  return pdf.area.top;
}

function drawHeader(pdf: PdfWriter, placed: readonly PlacedColumn[], y: number): number {
  const { doc, area } = pdf;
  doc.rect(area.left, y, area.right - area.left, ROW_HEIGHT).fill('#dde3ea');
  doc.fillColor('black');
  for (const { column, x, width } of placed) {
    textAt(doc, column.header, x + PADDING, y + PADDING + 1, {
      width: width - 2 * PADDING,
      align: isNumericType(column.type) ? 'right' : 'left',
      font: FONT.bold,
      size: FONT_SIZE,
    });
  }
  doc
    .moveTo(area.left, y + ROW_HEIGHT)
    .lineTo(area.right, y + ROW_HEIGHT)
    .lineWidth(0.5)
    .stroke('#8a96a3');
  return y + ROW_HEIGHT;
}

function drawRow(pdf: PdfWriter, placed: readonly PlacedColumn[], row: Row, y: number, index: number): void {
  const { doc, area } = pdf;
  if (index % 2 === 1) {
    doc.rect(area.left, y, area.right - area.left, ROW_HEIGHT).fill('#f4f6f8');
    doc.fillColor('black');
  }
  for (const { column, x, width } of placed) {
    const text = displayText(normalizeCell(row[column.key], column.type), column.type);
    if (text === '') continue;
    textAt(doc, text, x + PADDING, y + PADDING + 1, {
      width: width - 2 * PADDING,
      align: isNumericType(column.type) ? 'right' : 'left',
      font: FONT.regular,
      size: FONT_SIZE,
    });
  }
}
