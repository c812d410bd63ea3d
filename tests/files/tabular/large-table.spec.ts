/**
 * 50,000 rows in each format: the row source is pulled only as the reader reads (a stalled
 * reader stalls the source; CSV never runs more than a few hundred rows ahead), and the
 * whole table arrives.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../src/files/tabular/render-table.js';
import type { Column, Row, TabularFormat } from '../../../src/files/tabular/table-document.js';
import { pdfPageCount, pdfTexts } from '../file-readers.js';

const ROWS = 50_000;
const STALLED_PULL_LIMIT = 5_000;
const CSV_AHEAD_LIMIT = 2_000;

const columns: readonly Column[] = [
  { key: 'id', header: 'ID', type: 'integer' },
  { key: 'name', header: 'Name', type: 'string' },
  { key: 'department', header: 'Department', type: 'string' },
  { key: 'minutes', header: 'Minutes', type: 'number' },
  { key: 'share', header: 'Share', type: 'percent' },
  { key: 'day', header: 'Day', type: 'date' },
  { key: 'at', header: 'Checked in', type: 'datetime' },
  { key: 'onSite', header: 'On site', type: 'boolean' },
  { key: 'visits', header: 'Visits', type: 'integer' },
  { key: 'note', header: 'Note', type: 'string' },
];

function countingSource(total: number): { rows: AsyncIterable<Row>; pulled: () => number } {
  let pulled = 0;
  async function* rows(): AsyncGenerator<Row> {
    for (let index = 0; index < total; index += 1) {
      pulled += 1;
      yield {
        id: index,
        name: `Visitor ${index}`,
        department: ['Operations', 'Safety', 'Front desk'][index % 3]!,
        minutes: index / 4,
        share: (index % 100) / 100,
        day: new Date(Date.UTC(2026, 0, 1 + (index % 365))),
        at: new Date(Date.UTC(2026, 0, 1, 8, index)),
        onSite: index % 2 === 0,
        visits: index % 17,
        note: index % 7 === 0 ? null : 'Escorted by the safety officer during the whole visit',
      };
      await Promise.resolve();
    }
  }
  return { rows: rows(), pulled: () => pulled };
}

/** Reads one chunk, stalls, then reads the rest; reports what the source had yielded at each point. */
async function readWithStall(format: TabularFormat, onChunk?: (chunk: Buffer, pulled: number) => void) {
  const source = countingSource(ROWS);
  const chunks: Buffer[] = [];
  let pulledWhileStalled = 0;
  for await (const chunk of renderTable(format, { title: 'Visits', columns, rows: source.rows })) {
    chunks.push(chunk as Buffer);
    onChunk?.(chunk as Buffer, source.pulled());
    if (chunks.length === 1) {
      await sleep(200);
      pulledWhileStalled = source.pulled();
    }
  }
  return { file: Buffer.concat(chunks), pulledWhileStalled, pulled: source.pulled() };
}

describe('renderTable with 50,000 rows', () => {
  it('csv: stays within a few hundred rows of what the reader has read', async () => {
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

  it('pdf: a stalled reader stalls the row source; every row arrives, paged', async () => {
    const run = await readWithStall('pdf');
    expect(run.pulledWhileStalled).toBeLessThan(STALLED_PULL_LIMIT);
    expect(run.pulled).toBe(ROWS);
    const pages = pdfPageCount(run.file);
    expect(pages).toBeGreaterThan(ROWS / 40);
    const lastPage = pdfTexts(run.file).at(-1)!;
    expect(lastPage).toContain(`Page ${pages}`);
    expect(lastPage).toContain(`Visitor ${ROWS - 1}`);
  });
});
