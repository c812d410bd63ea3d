/**
 * The action rules shared by the two aggregates that own actions (incidents and inspections):
 * completing once, marking overdue once, and folding action events into a small map.
 */
import type { CorrectiveActionEvent } from '../../events/health-safety/corrective-action.events.js';
import { NotFoundError } from '../domain-error.js';

export type ActionState = { readonly open: boolean; readonly overdue: boolean; readonly dueDate: string };
export type ActionMap = Readonly<Record<string, ActionState>>;

export type CompleteAction = {
  readonly type: 'CompleteAction';
  readonly actionId: string;
  readonly notes: string;
  readonly now: Date;
};
export type MarkActionOverdue = {
  readonly type: 'MarkActionOverdue';
  readonly actionId: string;
  readonly now: Date;
};

export function completeAction(
  sourceId: string,
  actions: ActionMap,
  command: CompleteAction,
): CorrectiveActionEvent[] {
  const action = actions[command.actionId];
  if (action === undefined) throw new NotFoundError('action not found');
  if (!action.open) return [];
  return [
    {
      type: 'CorrectiveActionCompleted',
      data: {
        actionId: command.actionId,
        sourceId,
        notes: command.notes,
        completedAt: command.now.toISOString(),
      },
    },
  ];
}

/** Overdue once the due day has fully passed (UTC); a no-op for done or already-flagged actions. */
export function markActionOverdue(
  sourceId: string,
  actions: ActionMap,
  command: MarkActionOverdue,
): CorrectiveActionEvent[] {
  const action = actions[command.actionId];
  if (action === undefined) throw new NotFoundError('action not found');
  if (!action.open || action.overdue || !isPastDue(action.dueDate, command.now)) return [];
  return [
    {
      type: 'CorrectiveActionOverdue',
      data: {
        actionId: command.actionId,
        sourceId,
        dueDate: action.dueDate,
        detectedAt: command.now.toISOString(),
      },
    },
  ];
}

export function isPastDue(dueDate: string, now: Date): boolean {
  return now.toISOString().slice(0, 10) > dueDate;
}

export function evolveActions(actions: ActionMap, event: CorrectiveActionEvent): ActionMap {
  switch (event.type) {
    case 'CorrectiveActionOpened':
      return {
        ...actions,
        [event.data.actionId]: { open: true, overdue: false, dueDate: event.data.dueDate },
      };
    case 'CorrectiveActionCompleted':
    case 'CorrectiveActionOverdue': {
      const action = actions[event.data.actionId];
      if (action === undefined) return actions;
      const next =
        event.type === 'CorrectiveActionCompleted'
          ? { ...action, open: false }
          : { ...action, overdue: true };
      return { ...actions, [event.data.actionId]: next };
    }
  }
}

export function openActionCount(actions: ActionMap): number {
  return Object.values(actions).filter((a) => a.open).length;
}

/** A date `days` after `now`, as YYYY-MM-DD (UTC). */
export function addDays(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
