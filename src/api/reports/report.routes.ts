/**
 * Reports (API.md): generation is a command answered 202 at once (the worker builds the file
 * in the background: queued → running → completed | failed), then the status and the download
 * with its content type and file name. Schedules are commands too, run by the scheduler.
 * Analysts and administrators see every report; other roles their own.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError, DomainError } from '../../commands/domain-error.js';
import type { IdempotencyStore } from '../../commands/idempotency.js';
import { createSchedule, requestReport, scheduleCommand } from '../../commands/reports/reports.service.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import type { FileStorage } from '../../files/file-storage.js';
import { TABULAR_CONTENT_TYPES } from '../../files/tabular/table-document.js';
import {
  getReport,
  listReports,
  listSchedules,
  type ReportView,
} from '../../queries/reports/reports.query.js';
import { PageQuery } from '../auth/identity.schemas.js';
import type { ApiInstance } from '../app-deps.js';
import { commandResponseSchema } from '../command-http.js';
import type { PermissionTable } from '../permissions.js';
import { runCommand } from '../run-command.js';
import { currentUser } from '../visitors/visitor-access.js';
import { ANALYSTS, periodOf } from './analytics.routes.js';
import type { AnalyticsDeps } from './analytics.routes.js';
import { GenerateBody, ReportListQuery, ReportParams, ReportSchema, ScheduleBody } from './report.schemas.js';

export type ReportRouteDeps = AnalyticsDeps & {
  readonly log: EventStore;
  readonly idempotency: IdempotencyStore;
  readonly storage: FileStorage;
  /** A report was requested at a log position: wake the worker. */
  readonly onRequested: (position: bigint) => void;
  /** A schedule was created or deleted at a log position: reload the scheduler. */
  readonly onSchedulesChanged: (position: bigint) => void;
};

const SCHEDULERS = ['analyst', 'safety_officer'] as const;

export const reportPermissions: PermissionTable = {
  'POST /api/reports/generate': ANALYSTS,
  'GET /api/reports/list': ANALYSTS,
  'GET /api/reports/:id': ANALYSTS,
  'GET /api/reports/:id/download': ANALYSTS,
  'POST /api/reports/schedules': SCHEDULERS,
  'GET /api/reports/schedules': SCHEDULERS,
  'DELETE /api/reports/schedules/:id': SCHEDULERS,
};

/** Whom a reader may see the reports of: everyone's, or only their own. */
function ownerFilter(request: FastifyRequest): string | undefined {
  const user = currentUser(request);
  return user.roles.includes('admin') || user.roles.includes('analyst') ? undefined : user.id;
}

function view(report: ReportView) {
  const { reportId, type, status, format, parameters, scheduleId, createdAt, completedAt, sizeBytes, error } =
    report;
  const downloadUrl = status === 'completed' ? `/api/reports/${reportId}/download` : null;
  return {
    reportId,
    type,
    status,
    format,
    parameters,
    scheduleId,
    createdAt,
    completedAt,
    sizeBytes,
    downloadUrl,
    error,
  };
}

export function reportRoutes(app: ApiInstance, deps: ReportRouteDeps): void {
  const tags = ['reports'];
  const visible = async (request: FastifyRequest, reportId: string) => {
    const report = await getReport(deps.readDb, reportId);
    const owner = ownerFilter(request);
    if (report === undefined || (owner !== undefined && report.requestedBy !== owner))
      throw new NotFoundError('There is no such report.');
    return report;
  };

  app.post(
    '/api/reports/generate',
    {
      schema: {
        tags,
        body: GenerateBody,
        response: { 202: commandResponseSchema({ reportId: z.uuid(), status: z.literal('queued') }) },
      },
    },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const { type, format, definition, parameters } = request.body;
          periodOf(parameters, deps.calendar, deps.now());
          const r = await requestReport(
            deps.log,
            {
              type,
              format,
              definition: definition ?? null,
              parameters: {
                from: parameters.from,
                to: parameters.to,
                departmentId: parameters.departmentId ?? null,
              },
              requestedBy: currentUser(request).id,
              scheduleId: null,
            },
            context,
          );
          deps.onRequested(r.position);
          return {
            id: r.reportId,
            reportId: r.reportId,
            status: 'queued' as const,
            revision: r.revision,
            position: r.position,
          };
        },
        { status: 202, location: (id) => `/api/reports/${id}` },
      ),
  );

  app.get('/api/reports/list', { schema: { tags, querystring: ReportListQuery } }, async (request) => {
    const page = await listReports(deps.readDb, { ...request.query, requestedBy: ownerFilter(request) });
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  });

  app.get(
    '/api/reports/:id',
    { schema: { tags, params: ReportParams, response: { 200: ReportSchema } } },
    async (request) => view(await visible(request, request.params.id)),
  );

  app.get('/api/reports/:id/download', { schema: { tags, params: ReportParams } }, async (request, reply) => {
    const report = await visible(request, request.params.id);
    if (report.status !== 'completed' || report.fileKey === null)
      throw new DomainError(
        'REPORT_NOT_READY',
        `The report is ${report.status}; download it once completed.`,
      );
    const name = `${report.type}-${report.parameters.from}_${report.parameters.to}.${report.format}`;
    return reply
      .header('content-type', TABULAR_CONTENT_TYPES[report.format])
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(await deps.storage.read(report.fileKey));
  });

  app.post(
    '/api/reports/schedules',
    {
      schema: {
        tags,
        body: ScheduleBody,
        response: { 201: commandResponseSchema({ scheduleId: z.uuid() }) },
      },
    },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const { name, cron, report, recipients } = request.body;
          const r = await createSchedule(
            deps.log,
            {
              name,
              cron,
              report: {
                type: report.type,
                format: report.format,
                definition: report.definition ?? null,
                period: report.parameters.period,
                departmentId: report.parameters.departmentId ?? null,
              },
              recipients,
              createdBy: currentUser(request).id,
            },
            context,
          );
          deps.onSchedulesChanged(r.position);
          return { id: r.scheduleId, scheduleId: r.scheduleId, revision: r.revision, position: r.position };
        },
        { status: 201, location: (id) => `/api/reports/schedules/${id}` },
      ),
  );

  app.get('/api/reports/schedules', { schema: { tags, querystring: PageQuery } }, (request) =>
    listSchedules(deps.readDb, request.query),
  );

  app.delete(
    '/api/reports/schedules/:id',
    { schema: { tags, params: ReportParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await runCommand(
        request,
        reply,
        deps.idempotency,
        async (context, expected) => {
          const r = await scheduleCommand(
            deps.log,
            request.params.id,
            { kind: 'delete', now: context.now },
            context,
            expected,
          );
          deps.onSchedulesChanged(r.position);
          return { id: request.params.id, revision: r.revision, position: r.position };
        },
        { status: 200 },
      );
      return reply.code(204).send(null);
    },
  );
}
