/**
 * `cli export --format ndjson|csv|xlsx --out FILE [--type T] [--stream S] [--category C]
 * [--actor ID] [--from ISO] [--to ISO]`: a full-history export for compliance, streamed to
 * FILE in constant memory with a progress bar; the manifest (event count, first/last
 * position, SHA-256 of FILE) is written beside it as FILE.manifest.json.
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { EventStore } from '../eventstore/event-store.port.js';
import type { AuditEventFilters } from '../queries/audit/audit-events.query.js';
import { matchingEventPages } from '../queries/audit/event-history.query.js';
import {
  EXPORT_FORMATS,
  startExport,
  type ExportFormat,
  type ExportManifest,
} from '../queries/audit/export-writer.js';
import { progressBar, type ProgressBar } from './progress-bar.js';

export const EXPORT_USAGE =
  'export --format ndjson|csv|xlsx --out FILE [--type T] [--stream S] [--category C] [--actor ID] [--from ISO] [--to ISO]';

export type ExportArgs = {
  readonly format: ExportFormat;
  readonly out: string;
  readonly filters: AuditEventFilters;
};

/** The command line as export arguments; throws a message for the user when it is wrong. */
export function parseExportArgs(args: readonly string[]): ExportArgs {
  const { values } = parseArgs({
    args: [...args],
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      type: { type: 'string' },
      stream: { type: 'string' },
      category: { type: 'string' },
      actor: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  });
  const format = values.format as ExportFormat | undefined;
  if (format === undefined || !EXPORT_FORMATS.includes(format))
    throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (values.out === undefined) throw new Error('--out FILE is required');
  for (const bound of [values.from, values.to])
    if (bound !== undefined && Number.isNaN(Date.parse(bound)))
      throw new Error(`not an ISO-8601 time: ${bound}`);
  return {
    format,
    out: values.out,
    filters: {
      stream: values.stream,
      category: values.category,
      type: values.type,
      actorId: values.actor,
      from: values.from,
      to: values.to,
    },
  };
}

export async function exportToFile(
  log: EventStore,
  args: ExportArgs,
  bar: ProgressBar = progressBar('export'),
): Promise<ExportManifest> {
  const head = await log.headPosition();
  const run = startExport(matchingEventPages(log, args.filters), args.format, (_count, last) =>
    bar.update(last, head),
  );
  await pipeline(run.body, createWriteStream(args.out));
  const manifest = await run.manifest;
  await writeFile(
    `${args.out}.manifest.json`,
    `${JSON.stringify({ ...manifest, filters: args.filters }, null, 2)}\n`,
  );
  bar.finish(`${manifest.eventCount} events, sha256 ${manifest.sha256}`);
  return manifest;
}
