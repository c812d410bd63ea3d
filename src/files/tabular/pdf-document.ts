/**
 * A4 landscape PDF documents (pdfkit) streamed to the reader page by page. Pages are not
 * buffered (`bufferPages` would hold every page until the end, which breaks constant
 * memory on a 50,000-row table), so the total page count is unknown while a page is drawn:
 * each page is numbered "Page n" in its footer, not "Page n of m". What stays in memory is
 * pdfkit's bookkeeping of about 1 KiB per page (the page tree). pdfkit (about 28 MiB
 * of resident memory once loaded) is loaded with the first PDF, not by a process that only
 * ever writes spreadsheets.
 */
import { PassThrough, type Readable } from 'node:stream';
import { textAt, FONT } from './pdf-text.js';
import { produceInto, readerPace } from './reader-pace.js';

const MARGIN = 36;
const FOOTER_HEIGHT = 18;

export type PdfArea = {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
};

export type PdfWriter = {
  readonly doc: PDFKit.PDFDocument;
  /** Where content goes on every page (inside the margins, above the footer). */
  readonly area: PdfArea;
  /** Call after each row: pauses while the reader is behind. */
  readonly pace: () => Promise<void>;
};

/** Streams a PDF whose content `draw` lays out; the footer of every page names `title` and the page. */
export function renderPdf(title: string, draw: (pdf: PdfWriter) => Promise<void>): Readable {
  const out = new PassThrough();
  return produceInto(out, async () => {
    const doc = await openPdf(title, out);
    await draw({ doc, area: contentArea(doc), pace: readerPace(out) });
    doc.end();
  });
}

/** A new document whose bytes go to `out`, with a numbered footer on every page. */
async function openPdf(title: string, out: PassThrough): Promise<PDFKit.PDFDocument> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    info: { Title: title, Creator: 'Craft Resource Management' },
  });
  const area = contentArea(doc);
  let pageNumber = 1;
  const footer = () => {
    const y = area.bottom + FOOTER_HEIGHT - 6;
    const width = area.right - area.left;
    doc.fillColor('#666666');
    textAt(doc, title, area.left, y, { width: width / 2, font: FONT.regular, size: 7 });
    textAt(doc, `Page ${pageNumber}`, area.left, y, { width, align: 'right', font: FONT.regular, size: 7 });
    doc.fillColor('black');
  };
  footer();
  doc.on('pageAdded', () => {
    pageNumber += 1;
    footer();
  });
  doc.on('data', (chunk: Buffer) => out.write(chunk));
  doc.on('end', () => out.end());
  return doc;
}

function contentArea(doc: PDFKit.PDFDocument): PdfArea {
  return {
    left: MARGIN,
    top: MARGIN,
    right: doc.page.width - MARGIN,
    bottom: doc.page.height - MARGIN - FOOTER_HEIGHT,
  };
}
