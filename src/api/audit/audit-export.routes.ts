/**
 * `POST /api/audit/exports`: the matching events as ndjson, csv or xlsx, streamed in
 * constant memory. Headers leave before the body is written, so the manifest (event count,
 * first/last position, SHA-256 of the body's bytes) travels as HTTP trailers, announced in
 * the `Trailer` header. The CLI (`npm run cli -- export`) writes the same manifest to a file.
 */
import { z } from 'zod';
import { matchingEventPages } from '../../queries/audit/event-history.query.js';
import { EXPORT_CONTENT_TYPES, startExport, type ExportManifest } from '../../queries/audit/export-writer.js';
import type { ApiInstance } from '../app-deps.js';
import type { AuditModuleDeps } from './audit.module.js';
import { ExportBody } from './audit.schemas.js';

export const MANIFEST_TRAILERS = {
  'x-export-event-count': (m: ExportManifest) => String(m.eventCount),
  'x-export-first-position': (m: ExportManifest) => m.firstPosition ?? '',
  'x-export-last-position': (m: ExportManifest) => m.lastPosition ?? '',
  'x-export-sha256': (m: ExportManifest) => m.sha256,
} as const;

export function auditExportRoutes(app: ApiInstance, deps: Pick<AuditModuleDeps, 'log'>): void {
  app.post(
    '/api/audit/exports',
    {
      schema: {
        tags: ['audit'],
        body: ExportBody,
        response: {
          // The body is a stream of the file's bytes, never serialised from a schema.
          200: z
            .any()
            .describe(
              'The file, one event per line/row; trailers x-export-event-count, x-export-first-position, x-export-last-position, x-export-sha256',
            ),
        },
      },
    },
    async (request, reply) => {
      const { format, filters } = request.body;
      const run = startExport(matchingEventPages(deps.log, filters), format);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      reply
        .header('content-type', EXPORT_CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="audit-export-${stamp}.${format}"`);
      for (const [name, value] of Object.entries(MANIFEST_TRAILERS))
        reply.trailer(name, async () => value(await run.manifest));
      return reply.send(run.body);
    },
  );
}
