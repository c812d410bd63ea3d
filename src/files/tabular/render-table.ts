/**
 * Renders one table as a CSV, XLSX or PDF stream. The rows are pulled only as fast as the
 * stream is read, so any number of rows takes constant memory; a failing row source or
 * renderer destroys the stream with the error.
 */
import { PassThrough, type Readable } from 'node:stream';
import { createCsvStream, writeCsvTable } from './csv-table.js';
import { renderPdf } from './pdf-document.js';
import { drawPdfTable } from './pdf-table.js';
import { FONT, textAt } from './pdf-text.js';
import { produceInto } from './reader-pace.js';
import type { TableDocument, TabularFormat } from './table-document.js';
import { createXlsxWriter, writeXlsxSheet } from './xlsx-table.js';

/** The file as a stream, produced in constant memory as the reader pulls (backpressure). */
export function renderTable(format: TabularFormat, doc: TableDocument): Readable {
  switch (format) {
    case 'csv': {
      const csv = createCsvStream();
      return produceInto(csv, async () => {
        await writeCsvTable(csv, doc.columns, doc.rows);
        csv.end();
      });
    }
    case 'xlsx': {
      const out = new PassThrough();
      return produceInto(out, async () => {
        const writer = await createXlsxWriter(out, doc.title, doc.subtitle);
        await writeXlsxSheet(writer, doc.title, doc.columns, doc.rows);
        await writer.workbook.commit();
      });
    }
    case 'pdf':
      return renderPdf(doc.title, async (pdf) => {
        const width = pdf.area.right - pdf.area.left;
        textAt(pdf.doc, doc.title, pdf.area.left, pdf.area.top, { width, font: FONT.bold, size: 16 });
        if (doc.subtitle !== undefined) {
          textAt(pdf.doc, doc.subtitle, pdf.area.left, pdf.area.top + 22, {
            width,
            font: FONT.regular,
            size: 10,
          });
        }
        pdf.doc.y = pdf.area.top + 44;
        await drawPdfTable(pdf, doc.columns, doc.rows);
      });
  }
}
