/** 50,000 rows as PDF (its own file so it runs beside the other formats): lazily pulled, every row paged. */
import { describe, expect, it } from 'vitest';
import { pdfPageCount, pdfTexts } from '../file-readers.js';
import { ROWS, STALLED_PULL_LIMIT, readWithStall } from './large-table-fixture.js';

describe('renderTable with 50,000 rows', () => {
  // PDF is the slow format (8–13 s for 50,000 rows on a loaded 2-core machine).
  it(
    'pdf: a stalled reader stalls the row source; every row arrives, paged',
    { timeout: 90_000 },
    async () => {
      const run = await readWithStall('pdf');
      expect(run.pulledWhileStalled).toBeLessThan(STALLED_PULL_LIMIT);
      expect(run.pulled).toBe(ROWS);
      const pages = pdfPageCount(run.file);
      expect(pages).toBeGreaterThan(ROWS / 40);
      const lastPage = pdfTexts(run.file).at(-1)!;
      expect(lastPage).toContain(`Page ${pages}`);
      expect(lastPage).toContain(`Visitor ${ROWS - 1}`);
    },
  );
});
