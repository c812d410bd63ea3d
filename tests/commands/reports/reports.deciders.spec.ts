import { describe, it } from 'vitest';
import { reportDecider } from '../../../src/commands/reports/report.decider.js';
import { reportScheduleDecider } from '../../../src/commands/reports/report-schedule.decider.js';
import { widgetDecider } from '../../../src/commands/dashboards/widget.decider.js';
import type { ReportEvent, ReportScheduleEvent } from '../../../src/events/reports/report.events.js';
import type { WidgetEvent } from '../../../src/events/dashboards/widget.events.js';
import { deciderSpec } from '../../support/decider-spec.js';

const reportId = '11111111-1111-4111-8111-111111111111';
const scheduleId = '22222222-2222-4222-8222-222222222222';
const widgetId = '33333333-3333-4333-8333-333333333333';
const at = (iso: string) => new Date(iso);
const request = {
  reportId,
  type: 'safety_kpis' as const,
  format: 'pdf' as const,
  definition: null,
  parameters: { from: '2026-03-01', to: '2026-03-31', departmentId: null },
  requestedBy: 'analyst-1',
  scheduleId: null,
  requestedAt: '2026-04-01T08:00:00.000Z',
};
const requested: ReportEvent = { type: 'ReportRequested', data: request };
const started: ReportEvent = {
  type: 'ReportStarted',
  data: { reportId, worker: 'w1', startedAt: '2026-04-01T08:00:01.000Z' },
};
const completed: ReportEvent = {
  type: 'ReportCompleted',
  data: {
    reportId,
    fileKey: 'reports/x.pdf',
    sizeBytes: 10,
    sha256: 'ab',
    completedAt: '2026-04-01T08:00:02.000Z',
  },
};

describe('report decider', () => {
  const spec = deciderSpec(reportDecider);
  const start = (now: string) =>
    ({ kind: 'start', worker: 'w2', now: at(now), staleAfterMs: 60_000 }) as const;

  it('queues a request once', () => {
    spec
      .given([])
      .when({ kind: 'request', ...request })
      .then([requested]);
    spec
      .given([requested])
      .when({ kind: 'request', ...request })
      .thenThrows('REPORT_EXISTS');
  });

  it('lets one worker start a queued report, and another only once the first is stale', () => {
    spec
      .given([requested])
      .when(start('2026-04-01T08:00:01.000Z'))
      .then([
        { type: 'ReportStarted', data: { reportId, worker: 'w2', startedAt: '2026-04-01T08:00:01.000Z' } },
      ]);
    spec.given([requested, started]).when(start('2026-04-01T08:00:30.000Z')).thenThrows('REPORT_NOT_QUEUED');
    spec
      .given([requested, started])
      .when(start('2026-04-01T08:01:02.000Z'))
      .then([
        { type: 'ReportStarted', data: { reportId, worker: 'w2', startedAt: '2026-04-01T08:01:02.000Z' } },
      ]);
  });

  it('completes or fails only what is running; delivers only what is complete', () => {
    const complete = {
      kind: 'complete',
      fileKey: 'reports/x.pdf',
      sizeBytes: 10,
      sha256: 'ab',
      now: at('2026-04-01T08:00:02.000Z'),
    } as const;
    spec.given([requested]).when(complete).thenThrows('REPORT_NOT_RUNNING');
    spec.given([requested, started]).when(complete).then([completed]);
    spec
      .given([requested, started, completed])
      .when({ kind: 'fail', error: 'x', now: at('2026-04-01T08:00:03.000Z') })
      .thenThrows('REPORT_FINISHED');
    const deliver = {
      kind: 'deliver',
      recipient: 'u1',
      channel: 'outbox',
      ok: true,
      error: null,
      now: at('2026-04-01T08:00:04.000Z'),
    } as const;
    spec.given([requested, started]).when(deliver).thenThrows('REPORT_NOT_READY');
    spec
      .given([requested, started, completed])
      .when(deliver)
      .then([
        {
          type: 'ReportDelivered',
          data: {
            reportId,
            recipient: 'u1',
            channel: 'outbox',
            ok: true,
            error: null,
            deliveredAt: '2026-04-01T08:00:04.000Z',
          },
        },
      ]);
    spec.given([]).when(deliver).thenThrows('REPORT_NOT_FOUND');
  });
});

describe('report schedule decider', () => {
  const spec = deciderSpec(reportScheduleDecider);
  const created: ReportScheduleEvent = {
    type: 'ReportScheduleCreated',
    data: {
      scheduleId,
      name: 'Weekly',
      cron: '0 7 * * 1',
      report: {
        type: 'safety_kpis',
        format: 'pdf',
        definition: null,
        period: 'previous_week',
        departmentId: null,
      },
      recipients: ['u1'],
      createdBy: 'analyst-1',
      createdAt: '2026-04-01T08:00:00.000Z',
    },
  };
  const run = (iso: string) => ({ kind: 'run', scheduledFor: at(iso), reportId, missed: false }) as const;
  const ran = (iso: string): ReportScheduleEvent => ({
    type: 'ReportScheduleRan',
    data: { scheduleId, scheduledFor: iso, reportId, missed: false },
  });

  it('runs once per scheduled instant, in order', () => {
    spec
      .given([created])
      .when(run('2026-04-06T07:00:00.000Z'))
      .then([ran('2026-04-06T07:00:00.000Z')]);
    spec
      .given([created, ran('2026-04-06T07:00:00.000Z')])
      .when(run('2026-04-06T07:00:00.000Z'))
      .thenThrows('ALREADY_RAN');
    spec
      .given([created, ran('2026-04-06T07:00:00.000Z')])
      .when(run('2026-03-30T07:00:00.000Z'))
      .thenThrows('ALREADY_RAN');
  });

  it('does not run or delete what is deleted', () => {
    const deleted: ReportScheduleEvent = {
      type: 'ReportScheduleDeleted',
      data: { scheduleId, deletedAt: '2026-04-02T00:00:00.000Z' },
    };
    spec
      .given([created])
      .when({ kind: 'delete', now: at('2026-04-02T00:00:00.000Z') })
      .then([deleted]);
    spec.given([created, deleted]).when(run('2026-04-06T07:00:00.000Z')).thenThrows('NOT_FOUND');
    spec
      .given([created, deleted])
      .when({ kind: 'delete', now: at('2026-04-03T00:00:00.000Z') })
      .thenThrows('NOT_FOUND');
  });
});

describe('dashboard widget decider', () => {
  const spec = deciderSpec(widgetDecider);
  const position = { x: 0, y: 0, w: 4, h: 2 };
  const widget = {
    widgetId,
    type: 'metric' as const,
    title: 'On site',
    config: { metric: 'visitorsOnSite' },
    position,
  };
  const created: WidgetEvent = { type: 'DashboardWidgetCreated', data: { ...widget, ownerId: 'u1' } };
  const change = (patch: Record<string, unknown>, actorId = 'u1') =>
    ({ kind: 'change', actorId, ...widget, ...patch }) as const;

  it('records only what changed: the title and config, the position, both or nothing', () => {
    spec.given([created]).when(change({})).thenNothing();
    spec
      .given([created])
      .when(change({ title: 'Visitors', position: { ...position, y: 2 } }))
      .then([
        { type: 'DashboardWidgetUpdated', data: { widgetId, title: 'Visitors', config: widget.config } },
        { type: 'DashboardWidgetMoved', data: { widgetId, position: { ...position, y: 2 } } },
      ]);
  });

  it('keeps the type and hides the widget from everyone but its owner', () => {
    spec
      .given([created])
      .when(change({ type: 'trend' }))
      .thenThrows('WIDGET_TYPE_FIXED');
    spec.given([created]).when(change({}, 'someone-else')).thenThrows('NOT_FOUND');
    spec.given([created]).when({ kind: 'delete', widgetId, actorId: 'someone-else' }).thenThrows('NOT_FOUND');
    spec
      .given([created])
      .when({ kind: 'delete', widgetId, actorId: 'u1' })
      .then([{ type: 'DashboardWidgetDeleted', data: { widgetId } }]);
  });
});
