/**
 * Incident lifecycle: reported → under_investigation → actions_pending → closed, and reopened
 * back to under_investigation. Closing is refused while any action of the incident is open.
 */
import type { CorrectiveActionEvent } from '../../events/health-safety/corrective-action.events.js';
import type {
  IncidentOwnEvent,
  OSHA_CASE_TYPES,
  SEVERITIES,
} from '../../events/health-safety/incident.events.js';
import { assertNever, type Decider } from '../decider.js';
import { DomainError, NotFoundError } from '../domain-error.js';
import {
  completeAction,
  evolveActions,
  markActionOverdue,
  openActionCount,
  type ActionMap,
  type CompleteAction,
  type MarkActionOverdue,
} from './action-rules.js';
import { classify, type ClassificationInput } from './osha-classification.js';

export type IncidentEvent = IncidentOwnEvent | CorrectiveActionEvent;
type Severity = (typeof SEVERITIES)[number];
type Reported = Extract<IncidentOwnEvent, { type: 'IncidentReported' }>['data'];

export type IncidentCommand =
  | { readonly type: 'ReportIncident'; readonly incident: Reported; readonly injuredPersonId: string | null }
  | { readonly type: 'TriageIncident'; readonly severity: Severity; readonly notes: string | null }
  | { readonly type: 'StartInvestigation'; readonly investigatorId: string; readonly now: Date }
  | {
      readonly type: 'IdentifyRootCause';
      readonly rootCauseId: string;
      readonly category: string;
      readonly description: string;
    }
  | {
      readonly type: 'AssignAction';
      readonly actionId: string;
      readonly kind: 'corrective' | 'preventive';
      readonly description: string;
      readonly ownerId: string;
      readonly dueDate: string;
      readonly rootCauseId: string | null;
      readonly now: Date;
    }
  | ({
      readonly type: 'ClassifyIncident';
      readonly caseType: (typeof OSHA_CASE_TYPES)[number];
      readonly jobTitle: string | null;
    } & ClassificationInput)
  | { readonly type: 'CloseIncident'; readonly now: Date }
  | { readonly type: 'ReopenIncident'; readonly reason: string; readonly now: Date }
  | CompleteAction
  | MarkActionOverdue;

export type IncidentStatus = 'reported' | 'under_investigation' | 'actions_pending' | 'closed';

export type IncidentState =
  | { readonly status: 'absent' }
  | {
      readonly status: IncidentStatus;
      readonly incidentId: string;
      readonly severity: Severity;
      readonly investigatorId: string | null;
      readonly rootCauses: readonly string[];
      readonly actions: ActionMap;
    };

type Existing = Exclude<IncidentState, { status: 'absent' }>;

export const incidentDecider: Decider<IncidentCommand, IncidentState, IncidentEvent> = {
  initialState: { status: 'absent' },
  decide: (command, state) => {
    if (command.type === 'ReportIncident') return report(command, state);
    const s = requireIncident(state);
    switch (command.type) {
      case 'CompleteAction':
        return completeAction(s.incidentId, s.actions, command);
      case 'MarkActionOverdue':
        return markActionOverdue(s.incidentId, s.actions, command);
      case 'CloseIncident':
        return close(command, s);
      case 'ReopenIncident':
        if (s.status !== 'closed')
          throw new DomainError('INCIDENT_NOT_CLOSED', 'only a closed incident can be reopened');
        return [
          {
            type: 'IncidentReopened',
            data: { incidentId: s.incidentId, reason: command.reason, reopenedAt: command.now.toISOString() },
          },
        ];
      case 'TriageIncident':
      case 'StartInvestigation':
      case 'IdentifyRootCause':
      case 'AssignAction':
      case 'ClassifyIncident':
        return decideOpen(command, requireOpen(s));
    }
  },
  evolve,
};

function decideOpen(
  command: Exclude<
    IncidentCommand,
    { type: 'ReportIncident' | 'CompleteAction' | 'MarkActionOverdue' | 'CloseIncident' | 'ReopenIncident' }
  >,
  s: Existing,
): IncidentEvent[] {
  const incidentId = s.incidentId;
  switch (command.type) {
    case 'TriageIncident':
      if (command.severity === s.severity && command.notes === null) return [];
      return [
        { type: 'IncidentTriaged', data: { incidentId, severity: command.severity, notes: command.notes } },
      ];
    case 'StartInvestigation':
      if (s.investigatorId === command.investigatorId) return [];
      return [
        {
          type: 'IncidentInvestigationStarted',
          data: { incidentId, investigatorId: command.investigatorId, startedAt: command.now.toISOString() },
        },
      ];
    case 'IdentifyRootCause':
      if (s.rootCauses.includes(command.rootCauseId)) return [];
      return [{ type: 'IncidentRootCauseIdentified', data: { incidentId, ...withoutType(command) } }];
    case 'AssignAction':
      return assignAction(command, s);
    case 'ClassifyIncident': {
      const { outcome, daysAway, daysRestricted } = classify(command);
      return [
        {
          type: 'IncidentClassified',
          data: {
            incidentId,
            recordable: command.recordable,
            outcome,
            daysAway,
            daysRestricted,
            caseType: command.caseType,
            jobTitle: command.jobTitle,
          },
        },
      ];
    }
    default:
      return assertNever(command);
  }
}

function report(
  command: Extract<IncidentCommand, { type: 'ReportIncident' }>,
  state: IncidentState,
): IncidentEvent[] {
  if (state.status !== 'absent') return [];
  const { incident: data, injuredPersonId } = command;
  const events: IncidentEvent[] = [{ type: 'IncidentReported', data }];
  if (injuredPersonId !== null)
    events.push({
      type: 'IncidentInjuredPersonRecorded',
      data: { incidentId: data.incidentId, injuredPersonId },
    });
  return events;
}

function assignAction(
  command: Extract<IncidentCommand, { type: 'AssignAction' }>,
  s: Existing,
): IncidentEvent[] {
  if (s.actions[command.actionId] !== undefined) return [];
  if (command.rootCauseId !== null && !s.rootCauses.includes(command.rootCauseId))
    throw new DomainError('UNKNOWN_ROOT_CAUSE', 'this incident has no such root cause');
  return [
    {
      type: 'CorrectiveActionOpened',
      data: {
        actionId: command.actionId,
        source: 'incident',
        sourceId: s.incidentId,
        kind: command.kind,
        description: command.description,
        ownerId: command.ownerId,
        ownerDepartmentId: null,
        rootCauseId: command.rootCauseId,
        dueDate: command.dueDate,
        openedAt: command.now.toISOString(),
      },
    },
  ];
}

function close(command: Extract<IncidentCommand, { type: 'CloseIncident' }>, s: Existing): IncidentEvent[] {
  if (s.status === 'closed') return [];
  const open = openActionCount(s.actions);
  if (open > 0) throw new DomainError('OPEN_ACTIONS', `${open} action(s) are still open`);
  return [
    { type: 'IncidentClosed', data: { incidentId: s.incidentId, closedAt: command.now.toISOString() } },
  ];
}

function evolve(state: IncidentState, event: IncidentEvent): IncidentState {
  if (event.type === 'IncidentReported')
    return {
      status: 'reported',
      incidentId: event.data.incidentId,
      severity: event.data.severity,
      investigatorId: null,
      rootCauses: [],
      actions: {},
    };
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'IncidentInjuredPersonRecorded':
    case 'IncidentClassified':
      return state;
    case 'IncidentTriaged':
      return { ...state, severity: event.data.severity };
    case 'IncidentInvestigationStarted':
      return {
        ...state,
        investigatorId: event.data.investigatorId,
        status: state.status === 'reported' ? 'under_investigation' : state.status,
      };
    case 'IncidentRootCauseIdentified':
      return { ...state, rootCauses: [...state.rootCauses, event.data.rootCauseId] };
    case 'IncidentClosed':
      return { ...state, status: 'closed' };
    case 'IncidentReopened':
      return { ...state, status: 'under_investigation' };
    case 'CorrectiveActionOpened':
      return { ...state, status: 'actions_pending', actions: evolveActions(state.actions, event) };
    case 'CorrectiveActionCompleted':
    case 'CorrectiveActionOverdue':
      return { ...state, actions: evolveActions(state.actions, event) };
    default:
      return assertNever(event);
  }
}

function requireIncident(state: IncidentState): Existing {
  if (state.status === 'absent') throw new NotFoundError('incident not found');
  return state;
}

function requireOpen(state: Existing): Existing {
  if (state.status === 'closed')
    throw new DomainError('INCIDENT_CLOSED', 'the incident is closed; reopen it first');
  return state;
}

function withoutType<C extends { type: string }>(command: C): Omit<C, 'type'> {
  const { type: _type, ...rest } = command;
  return rest;
}
