import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHsFixture, type HsFixture } from './hs-fixture.js';

const BASE = '/api/health-safety';

describe('health & safety incidents over HTTP', () => {
  let f: HsFixture;
  const report = (overrides: Record<string, unknown> = {}, as: 'employee' | 'officer' = 'employee') =>
    f.call(as, 'POST', `${BASE}/incidents`, {
      title: 'Slipped on oil',
      description: 'Oil leak near press 4',
      occurredAt: '2026-03-04T10:00:00Z',
      location: 'Press hall',
      departmentId: f.departmentId,
      type: 'injury',
      severity: 'medium',
      ...overrides,
    });

  beforeAll(async () => {
    f = await startHsFixture();
  });
  afterAll(async () => {
    await f.t.close();
  });

  it('numbers ~30 concurrent reports gaplessly: 1..30, no duplicates', async () => {
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        report({ occurredAt: '2025-06-01T08:00:00Z', title: `Race ${i}` }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(30).fill(201));
    const numbers = responses.map((r) => r.json<{ number: string }>().number).sort();
    expect(numbers).toEqual(
      Array.from({ length: 30 }, (_, i) => `INC-2025-${String(i + 1).padStart(4, '0')}`),
    );
    const list = await f.call(
      'officer',
      'GET',
      `${BASE}/incidents?from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&limit=500`,
      undefined,
      await f.head(),
    );
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(30);
  });

  it('reports an incident (201, number, Location) and shows it in list and detail', async () => {
    const res = await report({ injuredPersonId: f.users.employee.id, immediateActions: 'First aid given' });
    expect(res.statusCode).toBe(201);
    const body = res.json<{ incidentId: string; number: string; status: string; position: string }>();
    expect(body).toMatchObject({ status: 'reported', number: 'INC-2026-0001' });
    expect(res.headers.location).toBe(`${BASE}/incidents/${body.incidentId}`);
    const detail = await f.call('officer', 'GET', `${BASE}/incidents/${body.incidentId}`, undefined, {
      'x-min-position': body.position,
    });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      number: 'INC-2026-0001',
      status: 'reported',
      injuredPersonId: f.users.employee.id,
      immediateActions: 'First aid given',
      openActions: 0,
      timeline: [{ type: 'IncidentReported' }, { type: 'IncidentInjuredPersonRecorded' }],
    });
  });

  it('runs the lifecycle: investigation, root cause, action, close gate (409 OPEN_ACTIONS), completion, close, reopen', async () => {
    const { incidentId } = (await report({ title: 'Lifecycle' })).json<{ incidentId: string }>();
    const url = `${BASE}/incidents/${incidentId}`;
    const investigation = await f.call('officer', 'POST', `${url}/investigation`, {
      investigatorId: f.users.officer.id,
    });
    expect(investigation.statusCode).toBe(200);
    const cause = await f.call('officer', 'POST', `${url}/root-causes`, {
      category: 'equipment',
      description: 'Worn seal',
    });
    expect(cause.statusCode).toBe(201);
    const { rootCauseId } = cause.json<{ rootCauseId: string }>();
    let detail = await f.call('officer', 'GET', url, undefined, await f.head());
    expect(detail.json<{ warnings: string[] }>().warnings).toEqual([
      `root cause ${rootCauseId} has no action`,
    ]);
    const action = await f.call('officer', 'POST', `${url}/actions`, {
      kind: 'corrective',
      description: 'Replace the seal',
      ownerId: f.users.employee.id,
      dueDate: '2026-04-01',
      rootCauseId,
    });
    expect(action.statusCode).toBe(201);
    const { actionId } = action.json<{ actionId: string }>();
    const refused = await f.call('officer', 'POST', `${url}/close`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'OPEN_ACTIONS' });
    detail = await f.call('officer', 'GET', url, undefined, await f.head());
    expect(detail.json()).toMatchObject({ status: 'actions_pending', openActions: 1, warnings: [] });
    const done = await f.call('employee', 'POST', `${BASE}/actions/${actionId}/complete`, {
      notes: 'Seal replaced',
    });
    expect(done.statusCode).toBe(200);
    const closed = await f.call('officer', 'POST', `${url}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.headers.etag).toBe(`"${closed.json<{ revision: string }>().revision}"`);
    expect(
      (await f.call('officer', 'POST', `${url}/root-causes`, { category: 'x', description: 'y' })).json(),
    ).toMatchObject({ code: 'INCIDENT_CLOSED' });
    const reopened = await f.call('officer', 'POST', `${url}/reopen`, { reason: 'New evidence' });
    expect(reopened.statusCode).toBe(200);
    detail = await f.call('officer', 'GET', url, undefined, await f.head());
    expect(detail.json()).toMatchObject({
      status: 'under_investigation',
      openActions: 0,
      actions: [{ actionId, status: 'completed', notes: 'Seal replaced' }],
      rootCauses: [{ rootCauseId, category: 'equipment' }],
    });
    const types = detail.json<{ timeline: { type: string }[] }>().timeline.map((e) => e.type);
    expect(types).toEqual([
      'IncidentReported',
      'IncidentInvestigationStarted',
      'IncidentRootCauseIdentified',
      'CorrectiveActionOpened',
      'CorrectiveActionCompleted',
      'IncidentClosed',
      'IncidentReopened',
    ]);
  });

  it('classifies with the most serious outcome and caps days at 180', async () => {
    const { incidentId } = (await report({ title: 'Back injury' })).json<{ incidentId: string }>();
    const res = await f.call('officer', 'POST', `${BASE}/incidents/${incidentId}/classification`, {
      recordable: true,
      outcome: 'other_recordable',
      daysAway: 250,
      daysRestricted: 3,
      caseType: 'injury',
    });
    expect(res.statusCode).toBe(200);
    const detail = await f.call(
      'officer',
      'GET',
      `${BASE}/incidents/${incidentId}`,
      undefined,
      await f.head(),
    );
    expect(detail.json()).toMatchObject({
      recordable: true,
      classification: { outcome: 'days_away', daysAway: 180, daysRestricted: 3 },
    });
    const inconsistent = await f.call('officer', 'POST', `${BASE}/incidents/${incidentId}/classification`, {
      recordable: false,
      outcome: 'days_away',
    });
    expect(inconsistent.statusCode).toBe(409);
  });

  it('filters and pages the list with a cursor', async () => {
    await report({
      severity: 'critical',
      type: 'near_miss',
      title: 'Falling pallet',
      occurredAt: '2026-05-01T00:00:00Z',
    });
    await report({
      severity: 'critical',
      type: 'near_miss',
      title: 'Falling box',
      occurredAt: '2026-05-02T00:00:00Z',
    });
    await report({
      severity: 'critical',
      type: 'near_miss',
      title: 'Falling tool',
      occurredAt: '2026-05-03T00:00:00Z',
    });
    const headers = await f.head();
    const first = await f.call(
      'analyst',
      'GET',
      `${BASE}/incidents?severity=critical&type=near_miss&limit=2`,
      undefined,
      headers,
    );
    const page1 = first.json<{ items: { title: string }[]; nextCursor: string }>();
    expect(page1.items.map((i) => i.title)).toEqual(['Falling tool', 'Falling box']);
    const second = await f.call(
      'analyst',
      'GET',
      `${BASE}/incidents?severity=critical&type=near_miss&limit=2&cursor=${page1.nextCursor}`,
    );
    expect(second.json()).toMatchObject({
      items: [{ title: 'Falling pallet', recordable: false, openActions: 0 }],
      nextCursor: null,
    });
  });

  it('answers 400 per field, 401, 403 and 404', async () => {
    const bad = await report({ severity: 'apocalyptic', departmentId: 'nope' });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([expect.stringContaining('severity'), expect.stringContaining('departmentId')]),
    );
    expect((await f.call(null, 'GET', `${BASE}/incidents`)).statusCode).toBe(401);
    expect((await f.call('employee', 'GET', `${BASE}/incidents`)).statusCode).toBe(403);
    expect((await f.call('kiosk', 'POST', `${BASE}/incidents`, {})).statusCode).toBe(403);
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await f.call('officer', 'GET', `${BASE}/incidents/${missing}`)).statusCode).toBe(404);
    expect((await f.call('officer', 'POST', `${BASE}/incidents/${missing}/close`)).statusCode).toBe(404);
    expect(
      (await f.call('officer', 'POST', `${BASE}/actions/${missing}/complete`, { notes: 'x' })).statusCode,
    ).toBe(404);
  });
});
