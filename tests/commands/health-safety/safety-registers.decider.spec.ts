import { describe, expect, it } from 'vitest';
import { procedureDecider, drillDecider } from '../../../src/commands/health-safety/emergency.decider.js';
import { byHierarchy, riskAssessment } from '../../../src/commands/health-safety/hazard.decider.js';
import {
  inspectionDecider,
  inspectionScore,
  type InspectionEvent,
} from '../../../src/commands/health-safety/inspection.decider.js';
import { nextDueDate, obligationDecider } from '../../../src/commands/health-safety/obligation.decider.js';
import { trainingExpiry, trainingStatus } from '../../../src/commands/health-safety/training.decider.js';
import { deciderSpec } from '../../support/decider-spec.js';

const ids = [
  'a1111111-1111-4111-8111-111111111111',
  'b2222222-2222-4222-8222-222222222222',
  'c3333333-3333-4333-8333-333333333333',
] as const;
const now = new Date('2026-03-05T12:00:00Z');

describe('inspection scoring and completion', () => {
  const checklist = [
    { itemId: 'i1', question: 'Exits clear?', weight: 3 },
    { itemId: 'i2', question: 'Extinguisher charged?', weight: 1 },
    { itemId: 'i3', question: 'Forklift certified?', weight: 2 },
  ];
  const scheduled: InspectionEvent = {
    type: 'InspectionScheduled',
    data: {
      inspectionId: ids[0],
      title: 'Monthly',
      location: 'Hall',
      departmentId: ids[1],
      scheduledFor: '2026-03-10T09:00:00.000Z',
      inspectorId: ids[2],
      checklist,
    },
  };

  it('scores passed weight over applicable weight; na leaves the denominator', () => {
    expect(
      inspectionScore(checklist, [
        { itemId: 'i1', result: 'pass', note: null },
        { itemId: 'i2', result: 'fail', note: null },
        { itemId: 'i3', result: 'na', note: null },
      ]),
    ).toBe(75);
    expect(inspectionScore(checklist, [{ itemId: 'i1', result: 'na', note: null }])).toBeNull();
  });

  it('opens one corrective action per failed item, in the same decision, due in N days', () => {
    const events = inspectionDecider.decide(
      {
        type: 'CompleteInspection',
        responses: [
          { itemId: 'i1', result: 'fail', note: 'blocked' },
          { itemId: 'i2', result: 'pass', note: null },
          { itemId: 'i3', result: 'fail', note: null },
        ],
        actionIds: ['x1', 'x2', 'x3'],
        ownerDepartmentId: ids[1],
        actionDueDays: 14,
        now,
      },
      inspectionDecider.evolve(inspectionDecider.initialState, scheduled),
    );
    expect(events.map((e) => e.type)).toEqual([
      'InspectionCompleted',
      'CorrectiveActionOpened',
      'CorrectiveActionOpened',
    ]);
    expect(events[0]!.data).toMatchObject({ score: 16.67, failedItems: ['i1', 'i3'] });
    expect(events[1]!.data).toMatchObject({
      actionId: 'x1',
      source: 'inspection',
      dueDate: '2026-03-19',
      ownerDepartmentId: ids[1],
      description: 'Failed inspection item: Exits clear? (blocked)',
    });
  });

  it('refuses unknown items, missing responses and a second completion', () => {
    const spec = deciderSpec(inspectionDecider).given([scheduled]);
    const base = {
      type: 'CompleteInspection' as const,
      actionIds: [],
      ownerDepartmentId: ids[1],
      actionDueDays: 14,
      now,
    };
    spec
      .when({ ...base, responses: [{ itemId: 'zz', result: 'pass', note: null }] })
      .thenThrows('UNKNOWN_CHECKLIST_ITEM');
    spec
      .when({ ...base, responses: [{ itemId: 'i1', result: 'pass', note: null }] })
      .thenThrows('INCOMPLETE_RESPONSES');
    const done: InspectionEvent = {
      type: 'InspectionCompleted',
      data: {
        inspectionId: ids[0],
        departmentId: ids[1],
        responses: [],
        score: null,
        failedItems: [],
        completedAt: now.toISOString(),
      },
    };
    deciderSpec(inspectionDecider)
      .given([scheduled, done])
      .when({ ...base, responses: [] })
      .thenThrows('INSPECTION_COMPLETED');
  });

  it('flags a scheduled inspection overdue once its date has passed', () => {
    deciderSpec(inspectionDecider)
      .given([scheduled])
      .when({ type: 'MarkInspectionOverdue', now })
      .thenNothing();
    const later = new Date('2026-03-11T00:00:00Z');
    deciderSpec(inspectionDecider)
      .given([scheduled])
      .when({ type: 'MarkInspectionOverdue', now: later })
      .then([
        {
          type: 'InspectionOverdue',
          data: {
            inspectionId: ids[0],
            scheduledFor: '2026-03-10T09:00:00.000Z',
            detectedAt: later.toISOString(),
          },
        },
      ]);
  });
});

describe('training expiry', () => {
  it('expires at completion + validity months, clamped to month end', () => {
    expect(trainingExpiry(new Date('2026-01-31T08:00:00Z'), 1).toISOString()).toBe(
      '2026-02-28T08:00:00.000Z',
    );
    expect(trainingExpiry(new Date('2026-03-15T00:00:00Z'), 12).toISOString()).toBe(
      '2027-03-15T00:00:00.000Z',
    );
    expect(trainingExpiry(new Date('2024-02-29T00:00:00Z'), 24).toISOString()).toBe(
      '2026-02-28T00:00:00.000Z',
    );
  });
  it('is valid, expiring within 30 days, expired at or after expiry', () => {
    expect(trainingStatus('2026-05-01T00:00:00Z', now)).toBe('valid');
    expect(trainingStatus('2026-04-04T00:00:00Z', now)).toBe('expiring');
    expect(trainingStatus('2026-03-05T12:00:00Z', now)).toBe('expired');
  });
});

describe('hazard risk', () => {
  it('bands likelihood × severity: 1–4 low, 5–9 medium, 10–16 high, 20–25 extreme', () => {
    expect(riskAssessment(2, 2)).toMatchObject({ riskScore: 4, riskLevel: 'low' });
    expect(riskAssessment(1, 5)).toMatchObject({ riskScore: 5, riskLevel: 'medium' });
    expect(riskAssessment(3, 3)).toMatchObject({ riskScore: 9, riskLevel: 'medium' });
    expect(riskAssessment(2, 5)).toMatchObject({ riskScore: 10, riskLevel: 'high' });
    expect(riskAssessment(4, 4)).toMatchObject({ riskScore: 16, riskLevel: 'high' });
    expect(riskAssessment(4, 5)).toMatchObject({ riskScore: 20, riskLevel: 'extreme' });
    expect(() => riskAssessment(0, 3)).toThrow();
  });
  it('orders controls by the hierarchy', () => {
    const sorted = byHierarchy([
      { type: 'ppe', description: 'gloves' },
      { type: 'elimination', description: 'remove' },
      { type: 'engineering', description: 'guard' },
    ]);
    expect(sorted.map((c) => c.type)).toEqual(['elimination', 'engineering', 'ppe']);
  });
});

describe('obligations and emergency procedures', () => {
  const registered = {
    type: 'ObligationRegistered' as const,
    data: {
      obligationId: ids[0],
      title: 'Permit renewal',
      description: null,
      departmentId: null,
      ownerId: ids[1],
      dueDate: '2026-01-31',
      recurrence: 'monthly' as const,
    },
  };
  it('completing a recurring obligation moves it to the next due date and notes lateness', () => {
    expect(nextDueDate('2026-01-31', 'monthly')).toBe('2026-02-28');
    expect(nextDueDate('2026-01-31', 'none')).toBeNull();
    deciderSpec(obligationDecider)
      .given([registered])
      .when({ type: 'CompleteObligation', evidence: 'Permit #7', now })
      .then([
        {
          type: 'ObligationCompleted',
          data: {
            obligationId: ids[0],
            dueDate: '2026-01-31',
            completedAt: now.toISOString(),
            onTime: false,
            evidence: 'Permit #7',
            nextDueDate: '2026-02-28',
          },
        },
      ]);
  });
  it('publishes a new version without touching the old one; the same text twice is a no-op', () => {
    const v1 = {
      type: 'EmergencyProcedureVersionPublished' as const,
      data: {
        procedureId: ids[0],
        version: 1,
        title: 'Fire',
        content: 'Leave',
        departmentId: null,
        publishedAt: now.toISOString(),
      },
    };
    const cmd = {
      type: 'PublishProcedureVersion' as const,
      procedureId: ids[0],
      title: 'Fire',
      content: 'Leave by exit B',
      departmentId: null,
      now,
    };
    deciderSpec(procedureDecider)
      .given([v1])
      .when(cmd)
      .then([{ ...v1, data: { ...v1.data, version: 2, content: 'Leave by exit B' } }]);
    deciderSpec(procedureDecider)
      .given([v1])
      .when({ ...cmd, content: 'Leave' })
      .thenNothing();
  });
  it('records a drill with its elapsed time and refuses an all-clear before the alarm', () => {
    const drill = {
      drillId: ids[0],
      procedureId: ids[1],
      procedureVersion: 1,
      startedAt: '2026-03-05T10:00:00.000Z',
      allClearAt: '2026-03-05T10:04:30.000Z',
      participants: 40,
      expectedOnSite: 42,
      accountedFor: 42,
      rollCallSource: 'request' as const,
      notes: null,
    };
    deciderSpec(drillDecider)
      .given([])
      .when({ type: 'RecordDrill', drill })
      .then([{ type: 'DrillRecorded', data: { ...drill, elapsedSeconds: 270 } }]);
    deciderSpec(drillDecider)
      .given([])
      .when({ type: 'RecordDrill', drill: { ...drill, allClearAt: '2026-03-05T09:00:00.000Z' } })
      .thenThrows('ALL_CLEAR_BEFORE_START');
  });
});
