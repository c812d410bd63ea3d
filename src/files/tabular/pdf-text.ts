/**
 * Single-line text for PDF tables and charts: drawn at an exact position without pdfkit's
 * line wrapping (which would also add pages on its own), cut with an ellipsis to the width
 * it has, aligned left, right or centre. Each string is measured once: measuring (kerning
 * pairs) is most of the cost of a 50,000-row PDF.
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
  const fitted = fitText(doc, text.replace(LINE_BREAKS, ' '), options.width);
  if (fitted.text === '') return;
  const slack = options.width - fitted.width;
  const offset = options.align === 'right' ? slack : options.align === 'center' ? slack / 2 : 0;
  const measured: MeasuredTextOptions = { lineBreak: false, textWidth: fitted.width, wordCount: 1 };
  doc.text(fitted.text, x + Math.max(offset, 0), y, measured);
}

/** The longest prefix of `text` (with "…") that fits `width` at the current font and size, and its width. */
export function fitText(
  doc: PDFKit.PDFDocument,
  text: string,
  width: number,
): { text: string; width: number } {
  const full = doc.widthOfString(text);
  if (full <= width) return { text, width: full };
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${text.slice(0, middle)}…`) <= width) low = middle;
    else high = middle - 1;
  }
  const cut = low === 0 ? '' : `${text.slice(0, low)}…`;
  return { text: cut, width: doc.widthOfString(cut) };
}
