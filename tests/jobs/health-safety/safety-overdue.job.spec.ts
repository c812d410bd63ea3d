import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagOverdue } from '../../../src/jobs/health-safety/safety-overdue.job.js';
import { startHsFixture, type HsFixture } from '../../api/health-safety/hs-fixture.js';

const BASE = '/api/health-safety';

describe('health & safety overdue job', () => {
  let f: HsFixture;
  beforeAll(async () => {
    f = await startHsFixture();
  });
  afterAll(async () => {
    await f.t.close();
  });
  const post = (url: string, body?: unknown) => f.call('officer', 'POST', `${BASE}${url}`, body);
  const waitForModels = async () => f.t.system.runtime.waitFor(await f.t.system.store.headPosition(), 5000);

  it('flags overdue actions, inspections and obligations and expiring training once, as events', async () => {
    const inc = await f.call('employee', 'POST', `${BASE}/incidents`, {
      title: 'Spill',
      description: 'Oil',
      occurredAt: '2026-01-02T00:00:00Z',
      location: 'Bay',
      departmentId: f.departmentId,
      type: 'environmental',
      severity: 'low',
    });
    const { incidentId } = inc.json<{ incidentId: string }>();
    await post(`/incidents/${incidentId}/actions`, {
      kind: 'corrective',
      description: 'Clean',
      ownerId: f.users.employee.id,
      dueDate: '2026-01-10',
    });
    await post('/inspections', {
      title: 'Walk',
      location: 'Bay',
      departmentId: f.departmentId,
      scheduledFor: '2026-01-05T09:00:00Z',
      inspectorId: f.users.officer.id,
      checklist: [{ question: 'Clean?' }],
    });
    await post('/obligations', { title: 'Report', ownerId: f.users.officer.id, dueDate: '2026-01-08' });
    const course = await post('/training/courses', { name: 'Spill kit', validityMonths: 1 });
    await post('/training', {
      employeeId: f.users.employee.id,
      courseId: course.json<{ courseId: string }>().courseId,
      completedAt: '2026-01-01T00:00:00Z',
    });
    await waitForModels();

    const early = new Date('2026-01-06T00:00:00Z');
    // Only the inspection (scheduled the 5th) is late on the 6th; training expires Feb 1st: expiring.
    expect(await flagOverdue(f.t.system, early)).toBe(2);
    await waitForModels();
    expect(await flagOverdue(f.t.system, early)).toBe(0);

    const later = new Date('2026-02-02T00:00:00Z');
    expect(await flagOverdue(f.t.system, later)).toBe(3); // action, obligation, training expired
    await waitForModels();
    expect(await flagOverdue(f.t.system, later)).toBe(0);
    const actions = (await f.call('officer', 'GET', `${BASE}/actions?overdue=true`)).json();
    expect(actions).toMatchObject({ items: [{ sourceId: incidentId, overdue: true }] });
    const detail = (await f.call('officer', 'GET', `${BASE}/incidents/${incidentId}`)).json<{
      timeline: { type: string; actorId: string }[];
    }>();
    expect(detail.timeline.at(-1)).toEqual(
      expect.objectContaining({ type: 'CorrectiveActionOverdue', actorId: 'scheduler' }),
    );
  });
});
