import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyRetention,
  detectOverstays,
  expireInvitations,
  type VisitorJobDeps,
} from '../../../src/jobs/visitors/visitor-jobs.js';
import { ERASED } from '../../../src/events/envelope.js';
import { startTestSystem, type TestSystem } from '../../support/test-system.js';
import {
  as,
  field,
  checkIn,
  invite,
  settled,
  visitor,
  visitorStaff,
  type VisitorStaff,
} from '../../api/visitors/visitor-test-kit.js';

describe('visitor scheduled jobs (driven with a fixed now)', () => {
  let t: TestSystem;
  let staff: VisitorStaff;
  let deps: VisitorJobDeps;
  const HOUR = 3_600_000;

  beforeAll(async () => {
    t = await startTestSystem();
    staff = await visitorStaff(t);
    deps = { ...t.system.visitors, readDb: t.system.readDb, eraseKey: t.system.log.eraseSubject };
  });
  afterAll(async () => {
    await t.close();
  });

  it('flags an overstay once and reminds the host; a second run (or process) does nothing more', async () => {
    const departure = new Date(Date.now() + HOUR).toISOString();
    const visit = await checkIn(
      t,
      {
        visitor: visitor('Ollie', 'Overstay'),
        hostId: staff.host.id,
        purpose: 'x',
        expectedDeparture: departure,
      },
      staff.security.token,
    );
    const { visitId } = visit.json();
    await t.app.inject({
      method: 'POST',
      url: `/api/visitors/${visitId}/approve`,
      headers: as(staff.host.token),
    });
    await settled(t);
    const now = new Date(Date.now() + 2 * HOUR);
    expect(await detectOverstays(deps, new Date(Date.now() + HOUR))).toBe(0);
    const [first, second] = await Promise.all([detectOverstays(deps, now), detectOverstays(deps, now)]);
    expect(first + second).toBe(1);
    await settled(t);
    expect(await detectOverstays(deps, now)).toBe(0);
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/visitors/${visitId}`,
      headers: as(staff.security.token),
    });
    expect(detail.json()).toMatchObject({ overstayed: true, status: 'checked_in' });
    const notes = await t.app.inject({
      method: 'GET',
      url: `/api/notifications?visitId=${visitId}`,
      headers: as(staff.host.token),
    });
    expect(field(notes.json(), 'kind')).toContain('overstay');
  });

  it('expires an unused invitation after its departure day', async () => {
    const arrival = new Date(Date.now() - 3 * 86_400_000);
    const invited = await invite(t, staff.host.token, staff.host.id, {
      expectedArrival: arrival.toISOString(),
      expectedDeparture: new Date(arrival.getTime() + HOUR).toISOString(),
    });
    const { invitationId, token } = invited.json();
    await settled(t);
    expect(await expireInvitations(deps, new Date())).toBe(1);
    expect(await expireInvitations(deps, new Date())).toBe(0);
    await settled(t);
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/visitors/${invitationId}`,
      headers: as(staff.security.token),
    });
    expect(detail.json()).toMatchObject({ status: 'expired' });
    const validation = await t.app.inject({
      method: 'POST',
      url: '/api/visitors/validate-token',
      payload: { token },
    });
    expect(validation.json()).toEqual({ valid: false, reason: 'expired' });
  });

  it('erases visitor personal data after the retention period by crypto-shredding; statistics stay', async () => {
    const visit = await checkIn(
      t,
      { visitor: visitor('Rhea', 'Retained'), hostId: staff.host.id, purpose: 'x' },
      staff.kiosk.token,
    );
    const { visitId, visitorId } = visit.json();
    await t.app.inject({
      method: 'POST',
      url: `/api/visitors/${visitId}/approve`,
      headers: as(staff.host.token),
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/visitors/checkout',
      headers: as(staff.kiosk.token),
      payload: { visitId },
    });
    await settled(t);
    expect(await applyRetention(deps, new Date())).toBe(0);
    const later = new Date(Date.now() + (deps.settings.retentionDays + 1) * 86_400_000);
    expect(await applyRetention(deps, later)).toBeGreaterThanOrEqual(1);
    await settled(t);
    expect(await applyRetention(deps, later)).toBe(0);
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/visitors/${visitId}`,
      headers: as(staff.security.token),
    });
    expect(detail.json()).toMatchObject({
      visitorId,
      visitorName: ERASED,
      company: ERASED,
      status: 'checked_out',
    });
    const events = await t.system.log.readStream(`visit-${visitId}`);
    expect((events[0]!.data as { visitor: { firstName: string } }).visitor.firstName).toBe(ERASED);
    const today = new Date().toISOString().slice(0, 10);
    const stats = await t.app.inject({
      method: 'GET',
      url: `/api/visitors/stats?from=${today}&to=${today}`,
      headers: as(staff.security.token),
    });
    expect(stats.json().totals.visits).toBeGreaterThanOrEqual(2);
  });
});
