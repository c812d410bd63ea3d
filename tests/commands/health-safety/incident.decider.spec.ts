import { describe, expect, it } from 'vitest';
import { incidentDecider, type IncidentEvent } from '../../../src/commands/health-safety/incident.decider.js';
import {
  formatIncidentNumber,
  incidentNumberDecider,
} from '../../../src/commands/health-safety/incident-number.decider.js';
import { classify } from '../../../src/commands/health-safety/osha-classification.js';
import { deciderSpec } from '../../support/decider-spec.js';

const id = '11111111-1111-4111-8111-111111111111';
const actionId = '22222222-2222-4222-8222-222222222222';
const person = '33333333-3333-4333-8333-333333333333';
const now = new Date('2026-03-05T12:00:00Z');
const incident = {
  incidentId: id,
  number: 'INC-2026-0001',
  title: 'Cut hand',
  description: 'Sharp edge',
  occurredAt: '2026-03-04T10:00:00.000Z',
  location: 'Bay 2',
  departmentId: person,
  type: 'injury' as const,
  severity: 'medium' as const,
  immediateActions: null,
  reportedBy: person,
  reportedAt: now.toISOString(),
};
const reported: IncidentEvent = { type: 'IncidentReported', data: incident };
const opened: IncidentEvent = {
  type: 'CorrectiveActionOpened',
  data: {
    actionId,
    source: 'incident',
    sourceId: id,
    kind: 'corrective',
    description: 'Guard the edge',
    ownerId: person,
    ownerDepartmentId: null,
    rootCauseId: null,
    dueDate: '2026-03-20',
    openedAt: now.toISOString(),
  },
};
const spec = deciderSpec(incidentDecider);

describe('incident decider', () => {
  it('reports, recording the injured person in a separate (personal) event', () => {
    spec
      .given([])
      .when({ type: 'ReportIncident', incident, injuredPersonId: person })
      .then([
        reported,
        { type: 'IncidentInjuredPersonRecorded', data: { incidentId: id, injuredPersonId: person } },
      ]);
  });

  it('refuses to close while an action is open, with OPEN_ACTIONS', () => {
    spec.given([reported, opened]).when({ type: 'CloseIncident', now }).thenThrows('OPEN_ACTIONS');
  });

  it('closes once every action is completed; closing twice changes nothing', () => {
    const completed: IncidentEvent = {
      type: 'CorrectiveActionCompleted',
      data: { actionId, sourceId: id, notes: 'done', completedAt: now.toISOString() },
    };
    const closed: IncidentEvent = {
      type: 'IncidentClosed',
      data: { incidentId: id, closedAt: now.toISOString() },
    };
    spec.given([reported, opened, completed]).when({ type: 'CloseIncident', now }).then([closed]);
    spec.given([reported, opened, completed, closed]).when({ type: 'CloseIncident', now }).thenNothing();
  });

  it('reopens only a closed incident and refuses changes while closed', () => {
    const closed: IncidentEvent = {
      type: 'IncidentClosed',
      data: { incidentId: id, closedAt: now.toISOString() },
    };
    spec
      .given([reported])
      .when({ type: 'ReopenIncident', reason: 'x', now })
      .thenThrows('INCIDENT_NOT_CLOSED');
    spec
      .given([reported, closed])
      .when({ type: 'IdentifyRootCause', rootCauseId: actionId, category: 'c', description: 'd' })
      .thenThrows('INCIDENT_CLOSED');
    spec
      .given([reported, closed])
      .when({ type: 'ReopenIncident', reason: 'new facts', now })
      .then([
        {
          type: 'IncidentReopened',
          data: { incidentId: id, reason: 'new facts', reopenedAt: now.toISOString() },
        },
      ]);
  });

  it('refuses commands on an unknown incident with NOT_FOUND and completing an unknown action', () => {
    spec.given([]).when({ type: 'CloseIncident', now }).thenThrows('NOT_FOUND');
    spec
      .given([reported])
      .when({ type: 'CompleteAction', actionId, notes: 'x', now })
      .thenThrows('NOT_FOUND');
  });

  it('marks an action overdue once, only after its due day', () => {
    spec
      .given([reported, opened])
      .when({ type: 'MarkActionOverdue', actionId, now: new Date('2026-03-20T23:00:00Z') })
      .thenNothing();
    const late = new Date('2026-03-21T00:00:01Z');
    const overdue: IncidentEvent = {
      type: 'CorrectiveActionOverdue',
      data: { actionId, sourceId: id, dueDate: '2026-03-20', detectedAt: late.toISOString() },
    };
    spec.given([reported, opened]).when({ type: 'MarkActionOverdue', actionId, now: late }).then([overdue]);
    spec
      .given([reported, opened, overdue])
      .when({ type: 'MarkActionOverdue', actionId, now: late })
      .thenNothing();
  });

  it('classifies: most serious outcome, 180-day cap, consistency', () => {
    expect(classify({ recordable: true, outcome: 'restricted', daysAway: 2, daysRestricted: 400 })).toEqual({
      outcome: 'days_away',
      daysAway: 2,
      daysRestricted: 180,
    });
    expect(classify({ recordable: true, outcome: 'death', daysAway: 5, daysRestricted: 0 }).outcome).toBe(
      'death',
    );
    expect(() =>
      classify({ recordable: true, outcome: 'not_recordable', daysAway: 0, daysRestricted: 0 }),
    ).toThrow();
    expect(() =>
      classify({ recordable: false, outcome: 'not_recordable', daysAway: 1, daysRestricted: 0 }),
    ).toThrow();
  });
});

describe('incident numbering', () => {
  it('takes the next sequence after the last one and formats INC-<year>-<0001>', () => {
    deciderSpec(incidentNumberDecider)
      .given([{ type: 'IncidentNumberAssigned', data: { year: 2026, sequence: 41, incidentId: id } }])
      .when({ type: 'AssignIncidentNumber', year: 2026, incidentId: actionId })
      .then([{ type: 'IncidentNumberAssigned', data: { year: 2026, sequence: 42, incidentId: actionId } }]);
    expect(formatIncidentNumber(2026, 42)).toBe('INC-2026-0042');
  });
});
