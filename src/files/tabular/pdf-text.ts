/**
 * Single-line text for PDF tables and charts: drawn at an exact position without pdfkit's
 * line wrapping (which would also add pages on its own), cut with an ellipsis to the width
 * it has, aligned left, right or centre. Strings are measured from cached glyph widths,
 * without kerning: pdfkit's own measuring (kerning pairs) was most of the cost of a
 * 50,000-row PDF, and kerning moves a cell's text by a fraction of its padding.
 */
export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' } as const;

const LINE_BREAKS = /[\r\n\t]+/g;

export type TextOptions = {
  readonly width: number;
  readonly align?: 'left' | 'right' | 'center';
  readonly font: (typeof FONT)[keyof typeof FONT];
  readonly size: number;
};

/**
 * pdfkit reads `textWidth` and `wordCount` when given (its line wrapper passes them) instead
 * of measuring the fragment again; they are not in @types/pdfkit.
 */
type MeasuredTextOptions = PDFKit.Mixins.TextOptions & { textWidth: number; wordCount: number };

export function textAt(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  options: TextOptions,
): void {
  doc.font(options.font).fontSize(options.size);
  const measure = glyphWidths(doc, options.font, options.size);
  const fitted = fitText(text.replace(LINE_BREAKS, ' '), options.width, measure);
  if (fitted.text === '') return;
  const slack = options.width - fitted.width;
  const offset = options.align === 'right' ? slack : options.align === 'center' ? slack / 2 : 0;
  const measured: MeasuredTextOptions = { lineBreak: false, textWidth: fitted.width, wordCount: 1 };
  doc.text(fitted.text, x + Math.max(offset, 0), y, measured);
}

/** The longest prefix of `text` (with "…") that fits `width`, and its width. */
function fitText(
  text: string,
  width: number,
  measure: (text: string) => number,
): { text: string; width: number } {
  const full = measure(text);
  if (full <= width) return { text, width: full };
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measure(`${text.slice(0, middle)}…`) <= width) low = middle;
    else high = middle - 1;
  }
  const cut = low === 0 ? '' : `${text.slice(0, low)}…`;
  return { text: cut, width: measure(cut) };
}

/** Standard fonts have fixed metrics, so one cache per font and size serves every document. */
const WIDTH_CACHES = new Map<string, Map<string, number>>();

/** Measures strings in `font` at `size` (the current font of `doc`) by summing cached glyph widths. */
function glyphWidths(doc: PDFKit.PDFDocument, font: string, size: number): (text: string) => number {
  const cacheKey = `${font}/${size}`;
  const cache = WIDTH_CACHES.get(cacheKey) ?? new Map<string, number>();
  WIDTH_CACHES.set(cacheKey, cache);
  return (text) => {
    let total = 0;
    for (const char of text) {
      let width = cache.get(char);
      if (width === undefined) cache.set(char, (width = doc.widthOfString(char)));
      total += width;
    }
    return total;
  };
}
