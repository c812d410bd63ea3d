import { afterEach, describe, expect, it } from 'vitest';
import { incidentsProjector } from '../../../src/projections/health-safety/incidents.projection.js';
import { safetyRegistersProjector } from '../../../src/projections/health-safety/safety-registers.projection.js';
import {
  oneByOneAndBatched,
  projectionFixture,
  recorded,
  type ProjectionFixture,
} from '../../support/projection-fixture.js';

const id = '11111111-1111-4111-8111-111111111111';
const dept = '22222222-2222-4222-8222-222222222222';
const actionId = '33333333-3333-4333-8333-333333333333';
const stream = `incident-${id}`;

describe('incidents projection', () => {
  let f: ProjectionFixture;
  afterEach(async () => {
    await f.cleanup();
  });

  it('builds the incident, its actions and timeline; applying the same events twice changes nothing', async () => {
    f = await projectionFixture(incidentsProjector);
    const events = [
      recorded(stream, 'IncidentReported', {
        incidentId: id,
        number: 'INC-2026-0001',
        title: 'Cut',
        description: 'd',
        occurredAt: '2026-01-02T00:00:00.000Z',
        location: 'Bay',
        departmentId: dept,
        type: 'injury',
        severity: 'low',
        immediateActions: null,
        reportedBy: dept,
        reportedAt: '2026-01-02T00:00:00.000Z',
      }),
      recorded(
        stream,
        'CorrectiveActionOpened',
        {
          actionId,
          source: 'incident',
          sourceId: id,
          kind: 'corrective',
          description: 'Guard',
          ownerId: dept,
          ownerDepartmentId: null,
          rootCauseId: null,
          dueDate: '2026-01-20',
          openedAt: '2026-01-03T00:00:00.000Z',
        },
        1n,
      ),
      recorded(
        stream,
        'IncidentClassified',
        {
          incidentId: id,
          recordable: true,
          outcome: 'restricted',
          daysAway: 0,
          daysRestricted: 4,
          caseType: 'injury',
          jobTitle: null,
        },
        2n,
      ),
    ];
    await f.apply(events);
    await f.apply(events);
    expect(
      await f.db('hs_incidents').select('status', 'open_actions', 'recordable', 'days_restricted'),
    ).toEqual([
      { status: 'actions_pending', open_actions: 1, recordable: expect.anything(), days_restricted: 4 },
    ]);
    expect(await f.db('hs_actions').select('id', 'department_id', 'status')).toEqual([
      { id: actionId, department_id: dept, status: 'open' },
    ]);
    expect((await f.db('hs_incident_timeline').select('event_id')).length).toBe(3);
    const done = [
      recorded(
        stream,
        'CorrectiveActionCompleted',
        { actionId, sourceId: id, notes: 'ok', completedAt: '2026-01-05T00:00:00.000Z' },
        3n,
      ),
    ];
    await f.apply(done);
    await f.apply(done);
    expect(await f.db('hs_incidents').first('open_actions')).toEqual({ open_actions: 0 });
  });

  it('writes the same rows from a batch of reports and follow-ups as one event at a time', async () => {
    const report = (n: number) => {
      const incidentId = `11111111-1111-4111-8111-${String(n).padStart(12, '0')}`;
      return recorded(`incident-${incidentId}`, 'IncidentReported', {
        incidentId,
        number: `INC-2026-${String(n).padStart(4, '0')}`,
        title: `Slip ${n}`,
        description: 'd',
        occurredAt: '2026-01-02T00:00:00.000Z',
        location: 'Bay',
        departmentId: dept,
        type: 'near_miss',
        severity: 'low',
        immediateActions: n % 2 === 0 ? null : 'Cones',
        reportedBy: dept,
        reportedAt: '2026-01-02T00:00:00.000Z',
      });
    };
    const first = report(1);
    const triage = recorded(
      first.streamId,
      'IncidentTriaged',
      { incidentId: (first.data as { incidentId: string }).incidentId, severity: 'high', notes: null },
      1n,
    );
    const { oneByOne, batched } = await oneByOneAndBatched(incidentsProjector, [
      first,
      report(2),
      triage,
      report(3),
    ]);
    expect(batched).toEqual(oneByOne);
    expect(oneByOne.hs_incidents).toHaveLength(3);
    expect(oneByOne.hs_incident_timeline).toHaveLength(4);
  });

  it('counts an obligation completion once even when replayed', async () => {
    f = await projectionFixture(safetyRegistersProjector);
    const registered = recorded(`obligation-${id}`, 'ObligationRegistered', {
      obligationId: id,
      title: 'Permit',
      description: null,
      departmentId: null,
      ownerId: dept,
      dueDate: '2026-01-31',
      recurrence: 'monthly',
    });
    const completed = recorded(
      `obligation-${id}`,
      'ObligationCompleted',
      {
        obligationId: id,
        dueDate: '2026-01-31',
        completedAt: '2026-02-03T00:00:00.000Z',
        onTime: false,
        evidence: 'x',
        nextDueDate: '2026-02-28',
      },
      1n,
    );
    await f.apply([registered, completed]);
    await f.apply([registered, completed]);
    expect(await f.db('hs_obligations').first('due_date', 'completed_late', 'status')).toEqual({
      due_date: '2026-02-28',
      completed_late: 1,
      status: 'open',
    });
  });
});
