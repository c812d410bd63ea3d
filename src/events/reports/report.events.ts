/**
 * Report generation and schedules as events: a request is queued, a worker starts it and
 * completes or fails it (the file lives in the file store under `fileKey`), and each delivery
 * to a schedule's recipient is recorded. A schedule records every run it made, so a missed
 * run is visible and a run is never made twice for one scheduled instant.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';

export const reportStream = streamCategory('report');
export const reportScheduleStream = streamCategory('reportSchedule');

export const REPORT_TYPES = [
  'visitor_summary',
  'incident_summary',
  'safety_kpis',
  'training_compliance',
  'custom',
] as const;
export const REPORT_FORMATS = ['pdf', 'xlsx', 'csv'] as const;

export const ReportParameters = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  departmentId: z.uuid().nullable(),
});

const ReportSpec = {
  type: z.enum(REPORT_TYPES),
  format: z.enum(REPORT_FORMATS),
  /** A custom report's definition, validated at the API against the registries. */
  definition: z.record(z.string(), z.unknown()).nullable(),
};

export const ReportRequested = defineEvent({
  type: 'ReportRequested',
  schemaVersion: 1,
  schema: z.object({
    reportId: z.uuid(),
    ...ReportSpec,
    parameters: ReportParameters,
    requestedBy: z.string(),
    scheduleId: z.uuid().nullable(),
    requestedAt: z.iso.datetime(),
  }),
});

export const ReportStarted = defineEvent({
  type: 'ReportStarted',
  schemaVersion: 1,
  schema: z.object({ reportId: z.uuid(), worker: z.string(), startedAt: z.iso.datetime() }),
});

export const ReportCompleted = defineEvent({
  type: 'ReportCompleted',
  schemaVersion: 1,
  schema: z.object({
    reportId: z.uuid(),
    fileKey: z.string(),
    sizeBytes: z.number().int().min(0),
    sha256: z.string(),
    completedAt: z.iso.datetime(),
  }),
});

export const ReportFailed = defineEvent({
  type: 'ReportFailed',
  schemaVersion: 1,
  schema: z.object({ reportId: z.uuid(), error: z.string(), failedAt: z.iso.datetime() }),
});

export const ReportDelivered = defineEvent({
  type: 'ReportDelivered',
  schemaVersion: 1,
  schema: z.object({
    reportId: z.uuid(),
    recipient: z.string(),
    channel: z.enum(['sns', 'outbox']),
    ok: z.boolean(),
    error: z.string().nullable(),
    deliveredAt: z.iso.datetime(),
  }),
});

/** What a schedule generates each run: a period relative to the run, or fixed dates. */
export const SchedulePeriod = z.enum(['previous_day', 'previous_week', 'previous_month', 'month_to_date']);

export const ReportScheduleCreated = defineEvent({
  type: 'ReportScheduleCreated',
  schemaVersion: 1,
  schema: z.object({
    scheduleId: z.uuid(),
    name: z.string(),
    cron: z.string(),
    report: z.object({
      ...ReportSpec,
      period: SchedulePeriod,
      departmentId: z.uuid().nullable(),
    }),
    recipients: z.array(z.string()),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  }),
});

export const ReportScheduleDeleted = defineEvent({
  type: 'ReportScheduleDeleted',
  schemaVersion: 1,
  schema: z.object({ scheduleId: z.uuid(), deletedAt: z.iso.datetime() }),
});

export const ReportScheduleRan = defineEvent({
  type: 'ReportScheduleRan',
  schemaVersion: 1,
  schema: z.object({
    scheduleId: z.uuid(),
    /** The scheduled instant this run is for (a missed run made up at start keeps its instant). */
    scheduledFor: z.iso.datetime(),
    reportId: z.uuid(),
    missed: z.boolean(),
  }),
});

export const reportEvents = [
  ReportRequested,
  ReportStarted,
  ReportCompleted,
  ReportFailed,
  ReportDelivered,
  ReportScheduleCreated,
  ReportScheduleDeleted,
  ReportScheduleRan,
] as const;

export type ReportEvent =
  | EventOf<typeof ReportRequested>
  | EventOf<typeof ReportStarted>
  | EventOf<typeof ReportCompleted>
  | EventOf<typeof ReportFailed>
  | EventOf<typeof ReportDelivered>;
export type ReportScheduleEvent =
  | EventOf<typeof ReportScheduleCreated>
  | EventOf<typeof ReportScheduleDeleted>
  | EventOf<typeof ReportScheduleRan>;
export type ReportRequestData = EventOf<typeof ReportRequested>['data'];
export type ScheduleData = EventOf<typeof ReportScheduleCreated>['data'];
