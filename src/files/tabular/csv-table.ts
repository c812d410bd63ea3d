/**
 * CSV through csv-stringify's streaming API: a header row of the column headers, then one
 * record per row, written only as fast as the reader takes them.
 */
import { stringify, type Stringifier } from 'csv-stringify';
import { csvText, guardFormula, normalizeCell } from './cell-values.js';
import { readerPace, waitForReader } from './reader-pace.js';
import type { Column, Row } from './table-document.js';

export function createCsvStream(): Stringifier {
  return stringify();
}

/** Writes the header record and every row of `rows` to `csv`, pausing while the reader is behind. */
export async function writeCsvTable(
  csv: Stringifier,
  columns: readonly Column[],
  rows: AsyncIterable<Row>,
): Promise<void> {
  const pace = readerPace(csv);
  await writeCsvRecord(
    csv,
    columns.map((column) => column.header),
  );
  for await (const row of rows) {
    csv.write(columns.map((column) => csvText(normalizeCell(row[column.key], column.type), column.type)));
    await pace();
  }
}

/** One record of free text (a header, a title, or an empty array for a blank line), formula-guarded. */
export async function writeCsvRecord(csv: Stringifier, texts: readonly string[]): Promise<void> {
  csv.write(texts.map(guardFormula));
  await waitForReader(csv);
}
