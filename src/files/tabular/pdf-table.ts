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
/** Points per character of column width: a narrow table keeps readable widths instead of spanning the page. */
const POINTS_PER_CHARACTER = 7;

type PlacedColumn = { readonly column: Column; readonly x: number; readonly width: number };
type Layout = { readonly left: number; readonly right: number; readonly columns: readonly PlacedColumn[] };

/** Draws `title` (if any), the header and every row from the current position; leaves doc.y below the table. */
export async function drawPdfTable(
  pdf: PdfWriter,
  columns: readonly Column[],
  rows: AsyncIterable<Row>,
  title?: string,
): Promise<void> {
  const { doc, area } = pdf;
  const layout = placeColumns(columns, area.left, area.right - area.left);
  let y = doc.y;
  if (y + (title === undefined ? 0 : TITLE_HEIGHT) + 3 * ROW_HEIGHT > area.bottom) y = newPage(pdf);
  if (title !== undefined) {
    textAt(doc, title, area.left, y, { width: area.right - area.left, font: FONT.bold, size: 12 });
    y += TITLE_HEIGHT;
  }
  y = drawHeader(pdf, layout, y);
  let index = 0;
  for await (const row of rows) {
    if (y + ROW_HEIGHT > area.bottom) y = drawHeader(pdf, layout, newPage(pdf));
    drawRow(pdf, layout, row, y, index);
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

function placeColumns(columns: readonly Column[], left: number, available: number): Layout {
  const characters = columns.reduce((sum, column) => sum + columnWidth(column), 0);
  const width = Math.min(available, characters * POINTS_PER_CHARACTER);
  let x = left;
  const placed = columns.map((column) => {
    const place = { column, x, width: (columnWidth(column) / characters) * width };
    x += place.width;
    return place;
  });
  return { left, right: left + width, columns: placed };
}

function newPage(pdf: PdfWriter): number {
  pdf.doc.addPage();
  return pdf.area.top;
}

function drawHeader(pdf: PdfWriter, layout: Layout, y: number): number {
  const { doc } = pdf;
  doc.rect(layout.left, y, layout.right - layout.left, ROW_HEIGHT).fill('#dde3ea');
  doc.fillColor('black');
  for (const { column, x, width } of layout.columns) {
    textAt(doc, column.header, x + PADDING, y + PADDING + 1, {
      width: width - 2 * PADDING,
      align: isNumericType(column.type) ? 'right' : 'left',
      font: FONT.bold,
      size: FONT_SIZE,
    });
  }
  doc
    .moveTo(layout.left, y + ROW_HEIGHT)
    .lineTo(layout.right, y + ROW_HEIGHT)
    .lineWidth(0.5)
    .stroke('#8a96a3');
  return y + ROW_HEIGHT;
}

function drawRow(pdf: PdfWriter, layout: Layout, row: Row, y: number, index: number): void {
  const { doc } = pdf;
  if (index % 2 === 1) {
    doc.rect(layout.left, y, layout.right - layout.left, ROW_HEIGHT).fill('#f4f6f8');
    doc.fillColor('black');
  }
  for (const { column, x, width } of layout.columns) {
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
