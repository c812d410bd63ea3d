/**
 * XLSX through exceljs's streaming WorkbookWriter: each sheet has a bold header row, a pane
 * frozen below it, column widths, and typed cells (numbers, dates with a date format,
 * percentages with a percent format). Rows are committed as they come, so only the current
 * row is held; inline strings (no shared-string table) keep memory flat. exceljs is loaded
 * with the first workbook, so processes that never write one do not hold it.
 */
import type ExcelJS from 'exceljs';
import type { PassThrough } from 'node:stream';
import { normalizeCell } from './cell-values.js';
import { readerPace } from './reader-pace.js';
import { columnWidth, type Column, type ColumnType, type Row } from './table-document.js';

const NUMBER_FORMATS: Readonly<Record<ColumnType, string | undefined>> = {
  string: undefined,
  boolean: undefined,
  integer: '#,##0',
  number: '#,##0.00',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss',
};

export type XlsxWriter = {
  readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  readonly out: PassThrough;
  /** A name for the next sheet that Excel accepts and no other sheet of this workbook has. */
  readonly sheetName: (title: string) => string;
};

export async function createXlsxWriter(
  out: PassThrough,
  title: string,
  subject: string | undefined,
): Promise<XlsxWriter> {
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.title = title;
  if (subject !== undefined) workbook.subject = subject;
  return { workbook, out, sheetName: sheetNamer() };
}

/** Names sheets as Excel requires: at most 31 characters, none of []:*?/\, unique ignoring case. */
function sheetNamer(): (title: string) => string {
  const used = new Set<string>();
  return (title) => {
    const base =
      title
        .replace(/[[\]:*?/\\]/g, ' ')
        .trim()
        .slice(0, 31) || 'Sheet';
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n += 1)
      name = `${base.slice(0, 30 - String(n).length)} ${n}`;
    used.add(name.toLowerCase());
    return name;
  };
}

/** Adds one sheet holding the table, streaming its rows; the caller commits the workbook. */
export async function writeXlsxSheet(
  writer: XlsxWriter,
  title: string,
  columns: readonly Column[],
  rows: AsyncIterable<Row>,
): Promise<void> {
  const sheet = writer.workbook.addWorksheet(writer.sheetName(title), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((column) => {
    const numFmt = NUMBER_FORMATS[column.type];
    return { key: column.key, width: columnWidth(column), style: numFmt === undefined ? {} : { numFmt } };
  });
  const header = sheet.addRow(columns.map((column) => column.header));
  header.font = { bold: true };
  header.commit();
  const pace = readerPace(writer.out);
  for await (const row of rows) {
    sheet.addRow(columns.map((column) => normalizeCell(row[column.key], column.type))).commit();
    await pace();
  }
  sheet.commit();
}
