/** Reports and report schedules as their read model holds them. */
import type { Knex } from 'knex';
import type { ScheduleData } from '../../events/reports/report.events.js';
import { paginate, type Page, type PageRequest } from '../pagination.js';

export type ReportView = {
  readonly reportId: string;
  readonly type: string;
  readonly format: 'pdf' | 'xlsx' | 'csv';
  readonly status: 'queued' | 'running' | 'completed' | 'failed';
  readonly parameters: { from: string; to: string; departmentId: string | null };
  readonly definition: Record<string, unknown> | null;
  readonly requestedBy: string;
  readonly scheduleId: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly sizeBytes: number | null;
  readonly fileKey: string | null;
  readonly error: string | null;
};

function toReport(r: Record<string, unknown>): ReportView {
  const text = (v: unknown) => (v === null || v === undefined ? null : (v as string));
  return {
    reportId: r.id as string,
    type: r.type as string,
    format: r.format as ReportView['format'],
    status: r.status as ReportView['status'],
    parameters: JSON.parse(r.parameters as string) as ReportView['parameters'],
    definition:
      r.definition === null ? null : (JSON.parse(r.definition as string) as Record<string, unknown>),
    requestedBy: r.requested_by as string,
    scheduleId: text(r.schedule_id),
    createdAt: r.created_at as string,
    startedAt: text(r.started_at),
    completedAt: text(r.completed_at),
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    fileKey: text(r.file_key),
    error: text(r.error),
  };
}

/** Newest first; only `requestedBy`'s reports when given. */
export async function listReports(
  db: Knex,
  request: PageRequest & { readonly requestedBy?: string | undefined; readonly status?: string | undefined },
): Promise<Page<ReportView>> {
  const query = db('reports').select('*');
  if (request.requestedBy !== undefined) void query.where('requested_by', request.requestedBy);
  if (request.status !== undefined) void query.where('status', request.status);
  const page = await paginate<Record<string, unknown>>(query, ['created_at', 'id'], request, 'desc');
  return { items: page.items.map(toReport), nextCursor: page.nextCursor };
}

export async function getReport(db: Knex, reportId: string): Promise<ReportView | undefined> {
  const row = (await db('reports').where({ id: reportId }).first()) as Record<string, unknown> | undefined;
  return row === undefined ? undefined : toReport(row);
}

/** Reports waiting for a worker, oldest first, and those whose worker stopped before `staleBefore`. */
export async function reportsToBuild(db: Knex, staleBefore: Date, limit = 20): Promise<ReportView[]> {
  const rows = (await db('reports')
    .where('status', 'queued')
    .orWhere((q) => void q.where('status', 'running').where('started_at', '<', staleBefore.toISOString()))
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
    .limit(limit)) as Record<string, unknown>[];
  return rows.map(toReport);
}

export type ScheduleView = {
  readonly scheduleId: string;
  readonly name: string;
  readonly cron: string;
  readonly report: ScheduleData['report'];
  readonly recipients: string[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly lastRunFor: string | null;
  readonly lastReportId: string | null;
};

function toSchedule(r: Record<string, unknown>): ScheduleView {
  return {
    scheduleId: r.id as string,
    name: r.name as string,
    cron: r.cron as string,
    report: JSON.parse(r.report as string) as ScheduleView['report'],
    recipients: JSON.parse(r.recipients as string) as string[],
    createdBy: r.created_by as string,
    createdAt: r.created_at as string,
    lastRunFor: (r.last_run_for as string | null) ?? null,
    lastReportId: (r.last_report_id as string | null) ?? null,
  };
}

export async function listSchedules(db: Knex, request: PageRequest): Promise<Page<ScheduleView>> {
  const page = await paginate<Record<string, unknown>>(
    db('report_schedules').select('*'),
    ['created_at', 'id'],
    request,
  );
  return { items: page.items.map(toSchedule), nextCursor: page.nextCursor };
}

/** Every schedule, for the scheduler (a site has tens, not thousands). */
export async function allSchedules(db: Knex): Promise<ScheduleView[]> {
  return ((await db('report_schedules').orderBy('id')) as Record<string, unknown>[]).map(toSchedule);
}

export async function getSchedule(db: Knex, scheduleId: string): Promise<ScheduleView | undefined> {
  const row = (await db('report_schedules').where({ id: scheduleId }).first()) as
    Record<string, unknown> | undefined;
  return row === undefined ? undefined : toSchedule(row);
}
