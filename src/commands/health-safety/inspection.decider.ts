/**
 * Inspections: scheduled with a checklist, completed once with a response per item. Each
 * failed item opens a corrective action in the same append as the completion, because the
 * action belongs to the inspection's stream: no second aggregate, nothing half-done.
 */
import type { CorrectiveActionEvent } from '../../events/health-safety/corrective-action.events.js';
import type { InspectionOwnEvent } from '../../events/health-safety/inspection.events.js';
import { assertNever, type Decider } from '../decider.js';
import { DomainError, NotFoundError } from '../domain-error.js';
import {
  addDays,
  completeAction,
  evolveActions,
  markActionOverdue,
  type ActionMap,
  type CompleteAction,
  type MarkActionOverdue,
} from './action-rules.js';

export type InspectionEvent = InspectionOwnEvent | CorrectiveActionEvent;
type Scheduled = Extract<InspectionOwnEvent, { type: 'InspectionScheduled' }>['data'];
type CheckResponse = {
  readonly itemId: string;
  readonly result: 'pass' | 'fail' | 'na';
  readonly note: string | null;
};

export type InspectionCommand =
  | { readonly type: 'ScheduleInspection'; readonly inspection: Scheduled }
  | {
      readonly type: 'CompleteInspection';
      readonly responses: readonly CheckResponse[];
      /** One fresh id per failed item, in response order (ids come from outside: the decider is pure). */
      readonly actionIds: readonly string[];
      readonly ownerDepartmentId: string;
      readonly actionDueDays: number;
      readonly now: Date;
    }
  | { readonly type: 'MarkInspectionOverdue'; readonly now: Date }
  | CompleteAction
  | MarkActionOverdue;

export type InspectionState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'scheduled' | 'completed';
      readonly inspection: Scheduled;
      readonly overdue: boolean;
      readonly actions: ActionMap;
    };

/** Points passed / points applicable × 100; `na` leaves the denominator. Null when nothing applies. */
export function inspectionScore(
  checklist: readonly { itemId: string; weight: number }[],
  responses: readonly CheckResponse[],
): number | null {
  let passed = 0;
  let applicable = 0;
  for (const response of responses) {
    const weight = checklist.find((i) => i.itemId === response.itemId)?.weight ?? 0;
    if (response.result === 'na') continue;
    applicable += weight;
    if (response.result === 'pass') passed += weight;
  }
  return applicable === 0 ? null : Math.round((passed / applicable) * 10_000) / 100;
}

export const inspectionDecider: Decider<InspectionCommand, InspectionState, InspectionEvent> = {
  initialState: { status: 'absent' },
  decide: (command, state) => {
    if (command.type === 'ScheduleInspection')
      return state.status === 'absent' ? [{ type: 'InspectionScheduled', data: command.inspection }] : [];
    if (state.status === 'absent') throw new NotFoundError('inspection not found');
    const id = state.inspection.inspectionId;
    switch (command.type) {
      case 'CompleteInspection':
        return complete(command, state);
      case 'MarkInspectionOverdue':
        if (
          state.status !== 'scheduled' ||
          state.overdue ||
          command.now.toISOString() <= state.inspection.scheduledFor
        )
          return [];
        return [
          {
            type: 'InspectionOverdue',
            data: {
              inspectionId: id,
              scheduledFor: state.inspection.scheduledFor,
              detectedAt: command.now.toISOString(),
            },
          },
        ];
      case 'CompleteAction':
        return completeAction(id, state.actions, command);
      case 'MarkActionOverdue':
        return markActionOverdue(id, state.actions, command);
      default:
        return assertNever(command);
    }
  },
  evolve: (state, event) => {
    if (event.type === 'InspectionScheduled')
      return { status: 'scheduled', inspection: event.data, overdue: false, actions: {} };
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'InspectionCompleted':
        return { ...state, status: 'completed' };
      case 'InspectionOverdue':
        return { ...state, overdue: true };
      case 'CorrectiveActionOpened':
      case 'CorrectiveActionCompleted':
      case 'CorrectiveActionOverdue':
        return { ...state, actions: evolveActions(state.actions, event) };
    }
  },
};

function complete(
  command: Extract<InspectionCommand, { type: 'CompleteInspection' }>,
  state: Exclude<InspectionState, { status: 'absent' }>,
): InspectionEvent[] {
  if (state.status === 'completed')
    throw new DomainError('INSPECTION_COMPLETED', 'this inspection is already completed');
  const { checklist, inspectionId, departmentId } = state.inspection;
  const ids = new Set(checklist.map((i) => i.itemId));
  const answered = new Set(command.responses.map((r) => r.itemId));
  if (command.responses.some((r) => !ids.has(r.itemId)) || answered.size !== command.responses.length)
    throw new DomainError(
      'UNKNOWN_CHECKLIST_ITEM',
      'each response must name a distinct item of this checklist',
    );
  if (answered.size !== ids.size)
    throw new DomainError('INCOMPLETE_RESPONSES', 'every checklist item needs a response');
  const failed = command.responses.filter((r) => r.result === 'fail');
  const now = command.now.toISOString();
  const events: InspectionEvent[] = [
    {
      type: 'InspectionCompleted',
      data: {
        inspectionId,
        departmentId,
        responses: command.responses.map((r) => ({ ...r })),
        score: inspectionScore(checklist, command.responses),
        failedItems: failed.map((r) => r.itemId),
        completedAt: now,
      },
    },
  ];
  failed.forEach((response, i) => {
    const question = checklist.find((c) => c.itemId === response.itemId)?.question ?? response.itemId;
    events.push({
      type: 'CorrectiveActionOpened',
      data: {
        actionId: command.actionIds[i]!,
        source: 'inspection',
        sourceId: inspectionId,
        kind: 'corrective',
        description: `Failed inspection item: ${question}${response.note === null ? '' : ` (${response.note})`}`,
        ownerId: null,
        ownerDepartmentId: command.ownerDepartmentId,
        rootCauseId: null,
        dueDate: addDays(command.now, command.actionDueDays),
        openedAt: now,
      },
    });
  });
  return events;
}
