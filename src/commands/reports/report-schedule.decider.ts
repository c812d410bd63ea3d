/**
 * A report schedule: created with a validated cron expression, deleted, and run once per
 * scheduled instant (a second run for an instant already run, by another process or a
 * restart, is refused with ALREADY_RAN).
 */
import type { ReportScheduleEvent, ScheduleData } from '../../events/reports/report.events.js';
import { assertNever, type Decider } from '../decider.js';
import { DomainError, NotFoundError } from '../domain-error.js';

export type ScheduleCommand =
  | ({ readonly kind: 'create' } & ScheduleData)
  | { readonly kind: 'delete'; readonly now: Date }
  | {
      readonly kind: 'run';
      readonly scheduledFor: Date;
      readonly reportId: string;
      readonly missed: boolean;
    };

export type ScheduleState =
  | { readonly status: 'none' | 'deleted' }
  | { readonly status: 'active'; readonly scheduleId: string; readonly lastRunFor: string | null };

export const reportScheduleDecider: Decider<ScheduleCommand, ScheduleState, ReportScheduleEvent> = {
  initialState: { status: 'none' },
  decide: (command, state) => {
    if (command.kind === 'create') {
      if (state.status !== 'none') throw new DomainError('SCHEDULE_EXISTS', 'This schedule exists already.');
      const { kind: _kind, ...data } = command;
      return [{ type: 'ReportScheduleCreated', data }];
    }
    if (state.status !== 'active') throw new NotFoundError('There is no such report schedule.');
    if (command.kind === 'delete')
      return [
        {
          type: 'ReportScheduleDeleted',
          data: { scheduleId: state.scheduleId, deletedAt: command.now.toISOString() },
        },
      ];
    const scheduledFor = command.scheduledFor.toISOString();
    if (state.lastRunFor !== null && scheduledFor <= state.lastRunFor)
      throw new DomainError('ALREADY_RAN', 'This schedule has run for that time already.');
    return [
      {
        type: 'ReportScheduleRan',
        data: {
          scheduleId: state.scheduleId,
          scheduledFor,
          reportId: command.reportId,
          missed: command.missed,
        },
      },
    ];
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'ReportScheduleCreated':
        return { status: 'active', scheduleId: event.data.scheduleId, lastRunFor: null };
      case 'ReportScheduleDeleted':
        return { status: 'deleted' };
      case 'ReportScheduleRan':
        return state.status === 'active' ? { ...state, lastRunFor: event.data.scheduledFor } : state;
      default:
        return assertNever(event);
    }
  },
};
