/**
 * What happens around the rows: a failing row source fails the file stream (so a storage
 * write or HTTP response fails instead of ending short), and a reader that goes away ends
 * the row iteration, which releases whatever the source holds (a database cursor).
 */
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../src/files/tabular/render-table.js';
import { TABULAR_FORMATS, type Column, type Row } from '../../../src/files/tabular/table-document.js';
import { readAll } from '../file-readers.js';

const columns: readonly Column[] = [
  { key: 'id', header: 'ID', type: 'integer' },
  { key: 'name', header: 'Name', type: 'string' },
];

function source(failAt?: number): { rows: AsyncIterable<Row>; closed: Promise<void> } {
  let markClosed = () => {};
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  async function* rows(): AsyncGenerator<Row> {
    try {
      for (let index = 0; index < 1_000_000; index += 1) {
        if (index === failAt) throw new Error('cursor lost');
        yield { id: index, name: `Row ${index} ${'x'.repeat(40)}` };
        await Promise.resolve();
      }
    } finally {
      markClosed();
    }
  }
  return { rows: rows(), closed };
}

describe.each(TABULAR_FORMATS)('renderTable %s', (format) => {
  it('fails the stream with the row source error', async () => {
    const { rows } = source(300);
    await expect(readAll(renderTable(format, { title: 'T', columns, rows }))).rejects.toThrow('cursor lost');
  });

  it('closes the row source when the reader destroys the stream', async () => {
    const { rows, closed } = source();
    const stream = renderTable(format, { title: 'T', columns, rows });
    await new Promise((resolve) => stream.once('data', resolve));
    stream.destroy();
    await closed;
  });
});
