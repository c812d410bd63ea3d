import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../../src/commands/visitors/visit-token.service.js';
import { rawEvent } from '../../support/event-fixtures.js';
import type { TestSystem } from '../../support/test-system.js';
import {
  as,
  checkIn,
  invite,
  settled,
  visitor,
  withVisitorSystem,
  type VisitorStaff,
} from './visitor-test-kit.js';

describe('visitors: invitations, tokens and check-in over HTTP', () => {
  let t: TestSystem;
  let staff: VisitorStaff;

  withVisitorSystem((system, visitorStaff) => {
    t = system;
    staff = visitorStaff;
  });

  it('invites, validates the token publicly, checks in once and refuses the token afterwards', async () => {
    const invited = await invite(t, staff.host.token, staff.host.id);
    expect(invited.statusCode).toBe(201);
    const { invitationId, token, checkInUrl, expiresAt } = invited.json<{
      invitationId: string;
      token: string;
      checkInUrl: string;
      expiresAt: string;
    }>();
    expect(token.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    expect(checkInUrl).toContain(encodeURIComponent(token));
    expect(expiresAt.endsWith('T23:59:59.999Z')).toBe(true);

    const valid = await t.app.inject({
      method: 'POST',
      url: '/api/visitors/validate-token',
      payload: { token },
    });
    expect(valid.json()).toMatchObject({
      valid: true,
      invitation: { invitationId, hostId: staff.host.id, hostName: 'Hannah Host', purpose: 'Design review' },
    });

    const first = await checkIn(t, {
      token,
      visitor: visitor(),
      hostId: staff.host.id,
      purpose: 'ignored for invitations',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      visitId: invitationId,
      status: 'checked_in',
      badgeNumber: expect.stringMatching(/^V-\d{5}$/),
    });

    const used = await t.app.inject({
      method: 'POST',
      url: '/api/visitors/validate-token',
      payload: { token },
    });
    expect(used.json()).toEqual({ valid: false, reason: 'used' });
    const again = await checkIn(t, { token, visitor: visitor(), hostId: staff.host.id, purpose: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'TOKEN_USED' });
  });

  it('answers unknown for a token it never issued', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/visitors/validate-token',
      payload: { token: 'x'.repeat(43) },
    });
    expect(response.json()).toEqual({ valid: false, reason: 'unknown' });
    const checkin = await checkIn(t, {
      token: 'y'.repeat(43),
      visitor: visitor(),
      hostId: staff.host.id,
      purpose: 'x',
    });
    expect(checkin.statusCode).toBe(409);
    expect(checkin.json()).toMatchObject({ code: 'TOKEN_UNKNOWN' });
  });

  /** An invitation's token (security invites) or a walk-in token (from the kiosk). */
  const issueToken = (kind: 'invitation' | 'walk_in') =>
    kind === 'invitation'
      ? invite(t, staff.security.token, staff.host.id)
      : t.app.inject({ method: 'POST', url: '/api/visitors/generate-token', headers: as(staff.kiosk.token) });

  it('lets exactly one of two concurrent check-ins with one token through; the other gets a clear 409', async () => {
    for (const kind of ['invitation', 'walk_in'] as const) {
      const issued = await issueToken(kind);
      const { token } = issued.json();
      const payload = { token, visitor: visitor('Rita', 'Racer'), hostId: staff.host.id, purpose: 'Race' };
      const answers = await Promise.all([checkIn(t, payload), checkIn(t, payload), checkIn(t, payload)]);
      const codes = answers.map((a) => a.statusCode).sort();
      expect(codes).toEqual([201, 409, 409]);
      for (const loser of answers.filter((a) => a.statusCode === 409))
        expect(loser.json()).toMatchObject({ code: 'TOKEN_USED' });
    }
  });

  it('finishes a check-in whose token was spent by a process that stopped before the visit was written', async () => {
    for (const kind of ['invitation', 'walk_in'] as const) {
      const issued = await issueToken(kind);
      const { token, invitationId } = issued.json<{ token: string; invitationId?: string }>();
      const visitId = invitationId ?? randomUUID();
      const tokenHash = hashToken(token);
      // What a process leaves behind when it stops right after spending the token, a minute ago.
      await t.system.log.append(`visitToken-${tokenHash}`, [
        rawEvent('VisitTokenUsed', {
          tokenHash,
          visitId,
          usedAt: new Date(Date.now() - 60_000).toISOString(),
        }),
      ]);
      const payload = {
        token,
        visitor: visitor('Stella', 'Stranded'),
        hostId: staff.host.id,
        purpose: 'Retry',
      };
      const retried = await checkIn(t, payload);
      expect(retried.statusCode, retried.body).toBe(201);
      expect(retried.json()).toMatchObject({ visitId });
      const again = await checkIn(t, payload);
      expect(again.json()).toMatchObject({ status: 409, code: 'TOKEN_USED' });
    }
  });

  it('makes a walk-in wait for its host, who alone (or security) may approve; checkout reports the duration', async () => {
    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/visitors/generate-token',
      headers: as(staff.kiosk.token),
    });
    expect(issued.statusCode).toBe(201);
    const walkIn = await checkIn(t, {
      token: issued.json().token,
      visitor: visitor('Walt', 'Walker'),
      hostId: staff.host.id,
      purpose: 'Delivery',
    });
    expect(walkIn.statusCode).toBe(201);
    const { visitId, status } = walkIn.json();
    expect(status).toBe('pending_approval');

    const early = await t.app.inject({
      method: 'POST',
      url: '/api/visitors/checkout',
      headers: as(staff.kiosk.token),
      payload: { visitId },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'VISIT_NOT_ACTIVE' });
    const stranger = await t.app.inject({
      method: 'POST',
      url: `/api/visitors/${visitId}/approve`,
      headers: as(staff.other.token),
    });
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json()).toMatchObject({ code: 'NOT_VISIT_HOST' });
    const kiosk = await t.app.inject({
      method: 'POST',
      url: `/api/visitors/${visitId}/approve`,
      headers: as(staff.kiosk.token),
    });
    expect(kiosk.statusCode).toBe(403);
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/visitors/${visitId}/approve`,
      headers: as(staff.host.token),
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ visitId, status: 'checked_in' });

    const out = await t.app.inject({
      method: 'POST',
      url: '/api/visitors/checkout',
      headers: as(staff.kiosk.token),
      payload: { visitId },
    });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toMatchObject({ visitId, status: 'checked_out', durationMinutes: 0 });
    const twice = await t.app.inject({
      method: 'POST',
      url: '/api/visitors/checkout',
      headers: as(staff.kiosk.token),
      payload: { visitId },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'VISIT_NOT_ACTIVE' });
  });

  it('rejects a walk-in on the host’s word', async () => {
    const walkIn = await checkIn(
      t,
      { visitor: visitor('Rob', 'Rejected'), hostId: staff.host.id, purpose: 'Sales' },
      staff.security.token,
    );
    expect(walkIn.json()).toMatchObject({ status: 'pending_approval' });
    const { visitId } = walkIn.json();
    const empty = await t.app.inject({
      method: 'POST',
      url: `/api/visitors/${visitId}/reject`,
      headers: as(staff.host.token),
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    const rejected = await t.app.inject({
      method: 'POST',
      url: `/api/visitors/${visitId}/reject`,
      headers: as(staff.host.token),
      payload: { reason: 'Not expected' },
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
  });

  it('needs kiosk or security to check in without a token', async () => {
    const payload = { visitor: visitor('Nora', 'Notoken'), hostId: staff.host.id, purpose: 'Meeting' };
    expect((await checkIn(t, payload)).statusCode).toBe(401);
    const employee = await checkIn(t, payload, staff.other.token);
    expect(employee.statusCode).toBe(403);
    const kiosk = await checkIn(t, payload, staff.kiosk.token);
    expect(kiosk.statusCode).toBe(201);
    const unknownHost = await checkIn(
      t,
      { ...payload, hostId: '00000000-0000-4000-8000-000000000000' },
      staff.kiosk.token,
    );
    expect(unknownHost.statusCode).toBe(409);
    expect(unknownHost.json()).toMatchObject({ code: 'UNKNOWN_HOST' });
  });

  it('gives concurrent check-ins distinct badge numbers', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        checkIn(
          t,
          { visitor: visitor('Bea', `Badge${i}`), hostId: staff.host.id, purpose: 'x' },
          staff.kiosk.token,
        ),
      ),
    );
    const badges = answers.map((a) => a.json<{ badgeNumber: string }>().badgeNumber);
    expect(new Set(badges).size).toBe(12);
  });

  it('validates input field by field', async () => {
    const response = await checkIn(
      t,
      { visitor: { lastName: '' }, hostId: 'nope', purpose: '' },
      staff.kiosk.token,
    );
    expect(response.statusCode).toBe(400);
    const paths = response.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.visitor.firstName', 'body.hostId']));
  });

  it('lets employees invite only as their own host; kiosks may not invite', async () => {
    expect((await invite(t, staff.other.token, staff.host.id)).statusCode).toBe(403);
    expect((await invite(t, staff.kiosk.token, staff.host.id)).statusCode).toBe(403);
    expect(
      (
        await invite(t, staff.host.token, staff.host.id, { expectedDeparture: '2020-01-01T00:00:00Z' })
      ).json(),
    ).toMatchObject({ code: 'DEPARTURE_BEFORE_ARRIVAL' });
    await settled(t);
  });
});
