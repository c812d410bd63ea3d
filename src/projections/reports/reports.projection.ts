/** Reports (status, file, deliveries) and report schedules (with their last run), as their events leave them. */
import type { RecordedEvent } from '../../events/envelope.js';
import type { ReportEvent, ReportScheduleEvent } from '../../events/reports/report.events.js';
import type { ProjectionContext, Projector } from '../projector.js';

export const reportsProjector: Projector = {
  name: 'reports',
  version: 1,
  handles: [
    'ReportRequested',
    'ReportStarted',
    'ReportCompleted',
    'ReportFailed',
    'ReportDelivered',
    'ReportScheduleCreated',
    'ReportScheduleDeleted',
    'ReportScheduleRan',
  ],
  tables: {
    reports: (t) => {
      t.string('id', 36).primary();
      t.string('type', 30).notNullable();
      t.string('format', 10).notNullable();
      t.string('status', 12).notNullable();
      t.text('parameters').notNullable();
      t.text('definition').nullable();
      t.string('requested_by', 64).notNullable().index();
      t.string('schedule_id', 36).nullable();
      t.string('created_at', 30).notNullable();
      t.string('started_at', 30).nullable();
      t.string('completed_at', 30).nullable();
      t.string('file_key', 200).nullable();
      t.bigInteger('size_bytes').nullable();
      t.string('sha256', 64).nullable();
      t.string('error', 500).nullable();
      t.integer('deliveries').notNullable();
      t.index(['created_at', 'id']);
      t.index(['status', 'created_at']);
    },
    report_schedules: (t) => {
      t.string('id', 36).primary();
      t.string('name', 200).notNullable();
      t.string('cron', 100).notNullable();
      t.text('report').notNullable();
      t.text('recipients').notNullable();
      t.string('created_by', 64).notNullable();
      t.string('created_at', 30).notNullable();
      t.string('last_run_for', 30).nullable();
      t.string('last_report_id', 36).nullable();
      t.bigInteger('revision').notNullable();
      t.index(['created_at', 'id']);
    },
  },
  apply: (ctx, event) =>
    event.type.startsWith('ReportSchedule')
      ? applySchedule(ctx, event as RecordedEvent<ReportScheduleEvent>)
      : applyReport(ctx, event as RecordedEvent<ReportEvent>),
};

async function applyReport(ctx: ProjectionContext, event: RecordedEvent<ReportEvent>): Promise<void> {
  const reports = () => ctx.table('reports').where({ id: event.data.reportId });
  switch (event.type) {
    case 'ReportRequested': {
      const d = event.data;
      await ctx
        .table('reports')
        .insert({
          id: d.reportId,
          type: d.type,
          format: d.format,
          status: 'queued',
          parameters: JSON.stringify(d.parameters),
          definition: d.definition === null ? null : JSON.stringify(d.definition),
          requested_by: d.requestedBy,
          schedule_id: d.scheduleId,
          created_at: d.requestedAt,
          deliveries: 0,
        })
        .onConflict('id')
        .ignore();
      return;
    }
    case 'ReportStarted':
      await reports().update({ status: 'running', started_at: event.data.startedAt });
      return;
    case 'ReportCompleted': {
      const d = event.data;
      await reports().update({
        status: 'completed',
        completed_at: d.completedAt,
        file_key: d.fileKey,
        size_bytes: d.sizeBytes,
        sha256: d.sha256,
      });
      return;
    }
    case 'ReportFailed':
      await reports().update({
        status: 'failed',
        completed_at: event.data.failedAt,
        error: event.data.error,
      });
      return;
    case 'ReportDelivered':
      await reports().update({ deliveries: ctx.trx.raw('deliveries + 1') });
      return;
  }
}

async function applySchedule(
  ctx: ProjectionContext,
  event: RecordedEvent<ReportScheduleEvent>,
): Promise<void> {
  const schedules = () => ctx.table('report_schedules').where({ id: event.data.scheduleId });
  const revision = String(event.revision);
  switch (event.type) {
    case 'ReportScheduleCreated': {
      const d = event.data;
      await ctx
        .table('report_schedules')
        .insert({
          id: d.scheduleId,
          name: d.name,
          cron: d.cron,
          report: JSON.stringify(d.report),
          recipients: JSON.stringify(d.recipients),
          created_by: d.createdBy,
          created_at: d.createdAt,
          revision,
        })
        .onConflict('id')
        .ignore();
      return;
    }
    case 'ReportScheduleDeleted':
      await schedules().delete();
      return;
    case 'ReportScheduleRan':
      await schedules().update({
        last_run_for: event.data.scheduledFor,
        last_report_id: event.data.reportId,
        revision,
      });
      return;
  }
}
