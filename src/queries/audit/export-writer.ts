/**
 * Writes audit exports in constant memory: pages of events go out as they are read (one
 * event per line or row) through a hashing pass-through, so the manifest (event count,
 * first/last position, SHA-256 of exactly the bytes written) is known when the body ends.
 * The body is never built whole: a slow reader holds the writer back (backpressure).
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Transform, type Readable } from 'node:stream';
import type { RecordedEvent } from '../../events/envelope.js';

export const EXPORT_FORMATS = ['ndjson', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export type ExportManifest = {
  readonly format: ExportFormat;
  readonly eventCount: number;
  readonly firstPosition: string | null;
  readonly lastPosition: string | null;
  /** Hex SHA-256 of the file's bytes as written (the manifest itself excluded). */
  readonly sha256: string;
  readonly bytes: number;
};

/** One event as auditors see it: the same shape in the API, ndjson lines and the parsed csv/xlsx. */
export function auditEventJson(event: RecordedEvent) {
  return {
    position: event.position.toString(),
    streamId: event.streamId,
    revision: event.revision.toString(),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    erased: [...(event.erased ?? [])],
  };
}

export const CSV_COLUMNS = [
  'position',
  'streamId',
  'revision',
  'type',
  'occurredAt',
  'data',
  'metadata',
  'erased',
];

function tableRow(event: RecordedEvent): string[] {
  const e = auditEventJson(event);
  const json = (value: unknown) => JSON.stringify(value);
  return [
    e.position,
    e.streamId,
    e.revision,
    e.type,
    e.metadata.occurredAt,
    json(e.data),
    json(e.metadata),
    e.erased.join(';'),
  ];
}

export type ExportRun = { readonly body: Readable; readonly manifest: Promise<ExportManifest> };

/** Starts writing `pages` as `format`; read `body` to drive it, `manifest` settles when it ends. */
export function startExport(
  pages: AsyncIterable<readonly RecordedEvent[]>,
  format: ExportFormat,
  onProgress?: (events: number, lastPosition: bigint) => void,
): ExportRun {
  const hash = createHash('sha256');
  let bytes = 0;
  const body = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const counted = countPages(pages, onProgress);
  const manifest = (async (): Promise<ExportManifest> => {
    const written =
      format === 'xlsx' ? writeXlsx(counted.pages, body) : writeText(counted.pages, format, body);
    await written;
    // The xlsx writer ends the stream itself; text formats end it here.
    if (!body.writableEnded) body.end();
    if (!body.writableFinished) await once(body, 'finish');
    const { count, first, last } = counted.totals();
    return {
      format,
      eventCount: count,
      firstPosition: first?.toString() ?? null,
      lastPosition: last?.toString() ?? null,
      sha256: hash.digest('hex'),
      bytes,
    };
  })();
  manifest.catch((error: unknown) => body.destroy(error instanceof Error ? error : new Error(String(error))));
  return { body, manifest };
}

function countPages(
  pages: AsyncIterable<readonly RecordedEvent[]>,
  onProgress?: (events: number, lastPosition: bigint) => void,
) {
  let count = 0;
  let first: bigint | undefined;
  let last: bigint | undefined;
  async function* counting(): AsyncGenerator<readonly RecordedEvent[]> {
    for await (const page of pages) {
      if (page.length === 0) continue;
      first ??= page[0]!.position;
      last = page[page.length - 1]!.position;
      count += page.length;
      yield page;
      onProgress?.(count, last);
    }
  }
  return { pages: counting(), totals: () => ({ count, first, last }) };
}

async function write(sink: Transform, chunk: string): Promise<void> {
  if (!sink.write(chunk)) await once(sink, 'drain');
}

async function writeText(
  pages: AsyncIterable<readonly RecordedEvent[]>,
  format: 'ndjson' | 'csv',
  sink: Transform,
): Promise<void> {
  if (format === 'csv') await write(sink, stringify([CSV_COLUMNS]));
  for await (const page of pages) {
    const chunk =
      format === 'csv'
        ? stringify(page.map(tableRow))
        : page.map((e) => `${JSON.stringify(auditEventJson(e))}\n`).join('');
    await write(sink, chunk);
  }
}

async function writeXlsx(pages: AsyncIterable<readonly RecordedEvent[]>, sink: Transform): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('events');
  sheet.addRow(CSV_COLUMNS).commit();
  for await (const page of pages) {
    for (const event of page) sheet.addRow(tableRow(event)).commit();
    // The zip writer has no backpressure of its own: wait for the reader between pages.
    if (sink.writableNeedDrain) await once(sink, 'drain');
  }
  sheet.commit();
  await workbook.commit();
}
