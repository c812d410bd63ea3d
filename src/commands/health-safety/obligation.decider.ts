/**
 * Compliance obligations: registered with an owner, due date and recurrence; completing one
 * records whether it was on time and, when it recurs, its next due date. Hours worked per
 * department and month: the latest figure replaces the earlier one.
 */
import type {
  HoursWorkedEvent,
  ObligationEvent,
  RECURRENCES,
} from '../../events/health-safety/compliance.events.js';
import type { Decider } from '../decider.js';
import { NotFoundError } from '../domain-error.js';
import { isPastDue } from './action-rules.js';

type Registered = Extract<ObligationEvent, { type: 'ObligationRegistered' }>['data'];
type Recurrence = (typeof RECURRENCES)[number];

const MONTHS: Readonly<Record<Recurrence, number>> = { none: 0, monthly: 1, quarterly: 3, yearly: 12 };

export function nextDueDate(dueDate: string, recurrence: Recurrence): string | null {
  const months = MONTHS[recurrence];
  if (months === 0) return null;
  const [y, m, d] = dueDate.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

export type ObligationCommand =
  | { readonly type: 'RegisterObligation'; readonly obligation: Registered }
  | { readonly type: 'CompleteObligation'; readonly evidence: string; readonly now: Date }
  | { readonly type: 'MarkObligationOverdue'; readonly now: Date };
export type ObligationState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'open' | 'done';
      readonly obligationId: string;
      readonly dueDate: string;
      readonly recurrence: Recurrence;
      readonly overdue: boolean;
    };

export const obligationDecider: Decider<ObligationCommand, ObligationState, ObligationEvent> = {
  initialState: { status: 'absent' },
  decide: (command, state) => {
    if (command.type === 'RegisterObligation')
      return state.status === 'absent' ? [{ type: 'ObligationRegistered', data: command.obligation }] : [];
    if (state.status === 'absent') throw new NotFoundError('obligation not found');
    if (state.status === 'done') return [];
    const { obligationId, dueDate } = state;
    if (command.type === 'MarkObligationOverdue')
      return state.overdue || !isPastDue(dueDate, command.now)
        ? []
        : [
            {
              type: 'ObligationOverdue',
              data: { obligationId, dueDate, detectedAt: command.now.toISOString() },
            },
          ];
    return [
      {
        type: 'ObligationCompleted',
        data: {
          obligationId,
          dueDate,
          completedAt: command.now.toISOString(),
          onTime: !isPastDue(dueDate, command.now),
          evidence: command.evidence,
          nextDueDate: nextDueDate(dueDate, state.recurrence),
        },
      },
    ];
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'ObligationRegistered':
        return {
          status: 'open',
          obligationId: event.data.obligationId,
          dueDate: event.data.dueDate,
          recurrence: event.data.recurrence,
          overdue: false,
        };
      case 'ObligationOverdue':
        return state.status === 'absent' ? state : { ...state, overdue: true };
      case 'ObligationCompleted':
        if (state.status === 'absent') return state;
        return event.data.nextDueDate === null
          ? { ...state, status: 'done' }
          : { ...state, dueDate: event.data.nextDueDate, overdue: false };
    }
  },
};

export type RecordHoursWorked = {
  readonly type: 'RecordHoursWorked';
  readonly departmentId: string;
  readonly month: string;
  readonly hours: number;
};

export const hoursWorkedDecider: Decider<RecordHoursWorked, { hours: number | null }, HoursWorkedEvent> = {
  initialState: { hours: null },
  decide: (command, state) =>
    state.hours === command.hours
      ? []
      : [
          {
            type: 'HoursWorkedRecorded',
            data: { departmentId: command.departmentId, month: command.month, hours: command.hours },
          },
        ],
  evolve: (_state, event) => ({ hours: event.data.hours }),
};
