/**
 * A report's lifecycle: queued → running → completed | failed. A worker that finds a report
 * running for longer than the stale limit (its worker died) may start it again. Deliveries are
 * recorded once the file exists.
 */
import type { ReportEvent, ReportRequestData } from '../../events/reports/report.events.js';
import { assertNever, type Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';

export type ReportCommand =
  | ({ readonly kind: 'request' } & ReportRequestData)
  | { readonly kind: 'start'; readonly worker: string; readonly now: Date; readonly staleAfterMs: number }
  | {
      readonly kind: 'complete';
      readonly fileKey: string;
      readonly sizeBytes: number;
      readonly sha256: string;
      readonly now: Date;
    }
  | { readonly kind: 'fail'; readonly error: string; readonly now: Date }
  | {
      readonly kind: 'deliver';
      readonly recipient: string;
      readonly channel: 'sns' | 'outbox';
      readonly ok: boolean;
      readonly error: string | null;
      readonly now: Date;
    };

export type ReportStatus = 'queued' | 'running' | 'completed' | 'failed';
export type ReportState =
  | { readonly status: 'none' }
  | { readonly status: ReportStatus; readonly reportId: string; readonly startedAt: string | null };

export const reportDecider: Decider<ReportCommand, ReportState, ReportEvent> = {
  initialState: { status: 'none' },
  decide: (command, state) => {
    if (command.kind === 'request') {
      if (state.status !== 'none')
        throw new DomainError('REPORT_EXISTS', 'This report was requested already.');
      const { kind: _kind, ...data } = command;
      return [{ type: 'ReportRequested', data }];
    }
    if (state.status === 'none') throw new DomainError('REPORT_NOT_FOUND', 'There is no such report.');
    const { reportId } = state;
    const at = command.now.toISOString();
    switch (command.kind) {
      case 'start': {
        const stale =
          state.status === 'running' &&
          state.startedAt !== null &&
          command.now.getTime() - Date.parse(state.startedAt) > command.staleAfterMs;
        if (state.status !== 'queued' && !stale)
          throw new DomainError('REPORT_NOT_QUEUED', 'This report is not waiting to be built.');
        return [{ type: 'ReportStarted', data: { reportId, worker: command.worker, startedAt: at } }];
      }
      case 'complete':
        if (state.status !== 'running')
          throw new DomainError('REPORT_NOT_RUNNING', 'This report is not being built.');
        return [
          {
            type: 'ReportCompleted',
            data: {
              reportId,
              fileKey: command.fileKey,
              sizeBytes: command.sizeBytes,
              sha256: command.sha256,
              completedAt: at,
            },
          },
        ];
      case 'fail':
        if (state.status !== 'running' && state.status !== 'queued')
          throw new DomainError('REPORT_FINISHED', 'This report has finished already.');
        return [{ type: 'ReportFailed', data: { reportId, error: command.error, failedAt: at } }];
      case 'deliver': {
        if (state.status !== 'completed')
          throw new DomainError('REPORT_NOT_READY', 'Only a completed report is delivered.');
        const { recipient, channel, ok, error } = command;
        return [
          { type: 'ReportDelivered', data: { reportId, recipient, channel, ok, error, deliveredAt: at } },
        ];
      }
      default:
        return assertNever(command);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'ReportRequested':
        return { status: 'queued', reportId: event.data.reportId, startedAt: null };
      case 'ReportStarted':
        return state.status === 'none'
          ? state
          : { ...state, status: 'running', startedAt: event.data.startedAt };
      case 'ReportCompleted':
        return state.status === 'none' ? state : { ...state, status: 'completed' };
      case 'ReportFailed':
        return state.status === 'none' ? state : { ...state, status: 'failed' };
      case 'ReportDelivered':
        return state;
      default:
        return assertNever(event);
    }
  },
};
