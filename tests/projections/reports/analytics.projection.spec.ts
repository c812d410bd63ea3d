import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyticsProjector } from '../../../src/projections/reports/analytics.projection.js';
import {
  oneByOneAndBatched,
  projectionFixture,
  recorded,
  type ProjectionFixture,
} from '../../support/projection-fixture.js';

const dept = '11111111-1111-4111-8111-111111111111';
const host = '22222222-2222-4222-8222-222222222222';
const visitId = '33333333-3333-4333-8333-333333333333';
const incidentId = '44444444-4444-4444-8444-444444444444';
const actionId = '55555555-5555-4555-8555-555555555555';

const history = () => [
  recorded(`user-${host}`, 'UserRegistered', { userId: host, departmentId: dept }),
  recorded(`visit-${visitId}`, 'VisitorCheckedIn', {
    visitId,
    visitorId: visitId,
    hostId: host,
    checkedInAt: '2026-03-03T09:15:00.000Z',
  }),
  recorded(`visit-${visitId}`, 'VisitorCheckedOut', {
    visitId,
    visitorId: visitId,
    checkedInAt: '2026-03-03T09:15:00.000Z',
    checkedOutAt: '2026-03-03T10:00:00.000Z',
    durationMinutes: 45,
  }),
  recorded(`incident-${incidentId}`, 'IncidentReported', {
    incidentId,
    departmentId: dept,
    type: 'injury',
    occurredAt: '2026-03-05T10:30:00.000Z',
    reportedAt: '2026-03-05T12:00:00.000Z',
  }),
  recorded(`incident-${incidentId}`, 'IncidentClassified', {
    incidentId,
    recordable: true,
    outcome: 'days_away',
    daysAway: 4,
    daysRestricted: 0,
  }),
  recorded(`incident-${incidentId}`, 'IncidentClosed', { incidentId, closedAt: '2026-03-06T12:00:00.000Z' }),
  recorded(`action-${actionId}`, 'CorrectiveActionOpened', {
    actionId,
    ownerDepartmentId: dept,
    dueDate: '2026-03-05',
    openedAt: '2026-03-05T13:00:00.000Z',
  }),
  recorded(`action-${actionId}`, 'CorrectiveActionCompleted', {
    actionId,
    completedAt: '2026-03-06T08:00:00.000Z',
  }),
  recorded('biometric-x', 'BiometricAttemptRecorded', {
    kind: 'verify',
    decision: 'accept',
    attemptedAt: '2026-03-05T08:00:00.000Z',
  }),
];

describe('analytics projection', () => {
  let f: ProjectionFixture;
  beforeEach(async () => {
    f = await projectionFixture(analyticsProjector);
  });
  afterEach(async () => {
    await f.cleanup();
  });

  const counters = async () =>
    Object.fromEntries(
      ((await f.db('analytics_counters').orderBy(['metric', 'hour'])) as Record<string, unknown>[]).map(
        (r) => [
          `${String(r.metric)}@${String(r.hour)}@${r.department_id === dept ? 'A' : String(r.department_id)}`,
          Number(r.value),
        ],
      ),
    );

  it('counts each fact in its UTC hour and department', async () => {
    await f.apply(history());
    expect(await counters()).toEqual({
      'actions_closed@2026-03-06T08@A': 1,
      'actions_opened@2026-03-05T13@A': 1,
      'actions_overdue@2026-03-05T12@A': 1, // completed on the 6th, due the 5th
      'biometric_accepts@2026-03-05T08@': 1,
      'biometric_verifications@2026-03-05T08@': 1,
      'days_away@2026-03-05T10@A': 4,
      'days_to_close@2026-03-06T12@A': 1,
      'incidents@2026-03-05T10@A': 1,
      'incidents_closed@2026-03-06T12@A': 1,
      'lost_time_cases@2026-03-05T10@A': 1,
      'lost_time_injuries@2026-03-05T10@A': 1,
      'dart_cases@2026-03-05T10@A': 1,
      'recordable_cases@2026-03-05T10@A': 1,
      'visit_minutes@2026-03-03T09@A': 45,
      'visits@2026-03-03T09@A': 1,
      'visits_completed@2026-03-03T09@A': 1,
    });
  });

  it('changes nothing when the same events are applied twice', async () => {
    const events = history();
    await f.apply(events);
    const once = await counters();
    await f.apply(events);
    expect(await counters()).toEqual(once);
  });

  it('moves a reopened and reclosed incident’s close to its new hour, counted once', async () => {
    await f.apply(history());
    await f.apply([
      recorded(`incident-${incidentId}`, 'IncidentReopened', {
        incidentId,
        reopenedAt: '2026-03-07T09:00:00.000Z',
      }),
      recorded(`incident-${incidentId}`, 'IncidentClosed', {
        incidentId,
        closedAt: '2026-03-09T12:00:00.000Z',
      }),
    ]);
    const c = await counters();
    expect(c['incidents_closed@2026-03-06T12@A']).toBe(0);
    expect(c['incidents_closed@2026-03-09T12@A']).toBe(1);
    expect(c['days_to_close@2026-03-09T12@A']).toBe(4);
  });

  it('writes the same rows from a batch as from one event at a time', async () => {
    const other = '66666666-6666-4666-8666-666666666666';
    const checkIn = (id: string, at: string) =>
      recorded(`visit-${id}`, 'VisitorCheckedIn', {
        visitId: id,
        visitorId: host,
        hostId: host,
        checkedInAt: at,
      });
    const events = [
      ...history(),
      checkIn(other, '2026-03-03T09:40:00.000Z'),
      checkIn(other, '2026-03-03T09:40:00.000Z'),
      checkIn('77777777-7777-4777-8777-777777777777', '2026-03-03T10:05:00.000Z'),
      recorded(`incident-${incidentId}`, 'IncidentReopened', {
        incidentId,
        reopenedAt: '2026-03-07T09:00:00.000Z',
      }),
      recorded(`incident-${incidentId}`, 'IncidentClosed', {
        incidentId,
        closedAt: '2026-03-09T12:00:00.000Z',
      }),
    ];
    const { oneByOne, batched } = await oneByOneAndBatched(analyticsProjector, events);
    expect(batched).toEqual(oneByOne);
    expect(oneByOne.analytics_visits).toHaveLength(3);
  });
});
