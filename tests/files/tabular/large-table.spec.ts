/**
 * 50,000 rows as CSV and XLSX: a stalled reader stalls the row source, CSV never runs more
 * than a couple of thousand rows ahead of what was read, and the whole table arrives.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ROWS, STALLED_PULL_LIMIT, readWithStall } from './large-table-fixture.js';

const CSV_AHEAD_LIMIT = 2_000;

describe('renderTable with 50,000 rows', () => {
  it('csv: never runs more than 2,000 rows ahead of what the reader has read', async () => {
    let linesRead = 0;
    let mostAhead = 0;
    const run = await readWithStall('csv', (chunk, pulled) => {
      linesRead += chunk.toString().split('\n').length - 1;
      mostAhead = Math.max(mostAhead, pulled - linesRead);
    });
    expect(run.pulledWhileStalled).toBeLessThan(STALLED_PULL_LIMIT);
    expect(mostAhead).toBeLessThan(CSV_AHEAD_LIMIT);
    const records = parse(run.file) as string[][];
    expect(records).toHaveLength(ROWS + 1);
    expect(records[ROWS]!.slice(0, 3)).toEqual([`${ROWS - 1}`, `Visitor ${ROWS - 1}`, 'Safety']);
  });

  it('xlsx: a stalled reader stalls the row source; every row arrives', async () => {
    const run = await readWithStall('xlsx');
    expect(run.pulledWhileStalled).toBeLessThan(STALLED_PULL_LIMIT);
    expect(run.pulled).toBe(ROWS);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(run.file), {});
    let rowCount = 0;
    let last: unknown[] = [];
    for await (const sheet of reader) {
      for await (const row of sheet) {
        rowCount += 1;
        last = row.values as unknown[];
      }
    }
    expect(rowCount).toBe(ROWS + 1);
    expect(last.slice(1, 4)).toEqual([ROWS - 1, `Visitor ${ROWS - 1}`, 'Safety']);
  });
});
