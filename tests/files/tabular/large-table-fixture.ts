/**
 * A 50,000-row table whose source counts the rows pulled, and a reader that stalls after
 * the first chunk: the large-table specs check the source is pulled only as the file is read.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { renderTable } from '../../../src/files/tabular/render-table.js';
import type { Column, Row, TabularFormat } from '../../../src/files/tabular/table-document.js';

export const ROWS = 50_000;
/** Rows the source may have yielded while the reader has taken one chunk and waits. */
export const STALLED_PULL_LIMIT = 5_000;

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
export async function readWithStall(
  format: TabularFormat,
  onChunk?: (chunk: Buffer, pulled: number) => void,
) {
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
