/**
 * Reads rendered files back for the tests: a whole stream, a PDF's page count (its page
 * objects) and the text of each PDF content stream (inflated; pdfkit writes text as hex
 * strings in TJ arrays, in WinAnsi, whose ellipsis and en dash are mapped back here).
 */
import type { Readable } from 'node:stream';
import { inflateSync } from 'node:zlib';

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

const WIN_ANSI: Readonly<Record<string, string>> = { '\x85': '…', '\x96': '–' };

/** The drawing operators of each compressed stream (page contents), inflated. */
export function pdfContents(pdf: Buffer): string[] {
  const streams = /\/Filter \/FlateDecode[^]*?>>\nstream\n([^]*?)\nendstream/g;
  return [...pdf.toString('latin1').matchAll(streams)].map((match) =>
    inflateSync(Buffer.from(match[1]!, 'latin1')).toString('latin1'),
  );
}

/** The text shown on each page, in drawing order, TJ fragments joined by " | ". */
export function pdfTexts(pdf: Buffer): string[] {
  const texts: string[] = [];
  for (const content of pdfContents(pdf)) {
    const shown = [...content.matchAll(/\[([^\]]*)\] TJ/g)].map(([, array]) =>
      [...array!.matchAll(/<([0-9a-f]*)>/g)]
        .map(([, hex]) => Buffer.from(hex!, 'hex').toString('latin1'))
        .join('')
        .replace(/[\x85\x96]/g, (char) => WIN_ANSI[char]!),
    );
    if (shown.length > 0) texts.push(shown.join(' | '));
  }
  return texts;
}
