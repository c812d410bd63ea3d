import { describe, expect, it } from 'vitest';
import type { TestSystem } from '../../support/test-system.js';
import { as, checkIn, invite, visitor, withVisitorSystem, type VisitorStaff } from './visitor-test-kit.js';

describe('visitors: revoking a check-in token over HTTP', () => {
  let t: TestSystem;
  let staff: VisitorStaff;

  withVisitorSystem((system, visitorStaff) => {
    t = system;
    staff = visitorStaff;
  });

  const revoke = (payload: unknown, token?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/visitors/revoke-token',
      headers: token === undefined ? {} : as(token),
      payload: payload as Record<string, unknown>,
    });
  const invitationToken = async () =>
    (await invite(t, staff.host.token, staff.host.id)).json<{ token: string }>().token;
  const walkInToken = async () =>
    (
      await t.app.inject({
        method: 'POST',
        url: '/api/visitors/generate-token',
        headers: as(staff.kiosk.token),
      })
    ).json<{ token: string }>().token;
  const checkInWith = (token: string) =>
    checkIn(t, { token, visitor: visitor(), hostId: staff.host.id, purpose: 'Design review' });

  it('lets the host revoke their invitation’s token, twice with the same answer; the token is then refused', async () => {
    const token = await invitationToken();
    const first = await revoke({ token }, staff.host.token);
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json<{ id: string; revision: string; position: string }>();
    expect(body).toMatchObject({ revoked: true, kind: 'invitation', revision: '1' });
    expect(BigInt(body.position)).toBeGreaterThan(0n);
    expect(first.headers.etag).toBe('"1"');

    const again = await revoke({ token }, staff.host.token);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(body);

    const validation = await t.app.inject({
      method: 'POST',
      url: '/api/visitors/validate-token',
      payload: { token },
    });
    expect(validation.json()).toEqual({ valid: false, reason: 'revoked' });
    const refused = await checkInWith(token);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('lets kiosks revoke walk-in tokens, and security any token', async () => {
    const walkIn = await revoke({ token: await walkInToken() }, staff.kiosk.token);
    expect(walkIn.statusCode, walkIn.body).toBe(200);
    expect(walkIn.json()).toMatchObject({ revoked: true, kind: 'walk_in' });
    for (const token of [await invitationToken(), await walkInToken()]) {
      expect((await revoke({ token }, staff.security.token)).statusCode).toBe(200);
    }
    expect((await revoke({ token: await invitationToken() }, staff.admin)).statusCode).toBe(200);
  });

  it('refuses another employee, a kiosk on an invitation and an employee on a walk-in token (403)', async () => {
    const token = await invitationToken();
    const other = await revoke({ token }, staff.other.token);
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ code: 'NOT_VISIT_HOST' });
    const kiosk = await revoke({ token }, staff.kiosk.token);
    expect(kiosk.statusCode).toBe(403);
    expect(kiosk.json()).toMatchObject({ code: 'NOT_VISIT_HOST' });
    const walkIn = await revoke({ token: await walkInToken() }, staff.host.token);
    expect(walkIn.statusCode).toBe(403);
    expect(walkIn.json()).toMatchObject({ code: 'FORBIDDEN' });
    // Nothing was revoked: the invitation's token still checks in.
    expect((await checkInWith(token)).statusCode).toBe(201);
  });

  it('answers 400 for a bad body, 401 without sign-in, 404 for an unknown token and 409 for a used one', async () => {
    for (const payload of [{}, { token: '' }, { token: 42 }, { token: 'x'.repeat(201) }]) {
      const bad = await revoke(payload, staff.security.token);
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    const token = await invitationToken();
    const anonymous = await revoke({ token });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'UNAUTHORIZED' });

    for (const unknown of ['z'.repeat(43), 'not a token']) {
      const missing = await revoke({ token: unknown }, staff.security.token);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'TOKEN_UNKNOWN' });
    }

    expect((await checkInWith(token)).statusCode).toBe(201);
    const used = await revoke({ token }, staff.host.token);
    expect(used.statusCode).toBe(409);
    expect(used.json()).toMatchObject({ code: 'TOKEN_USED' });
    expect(used.body).not.toContain(token);
  });

  it('lets exactly one of a revocation and a check-in racing on one token win; the other gets a clear 409', async () => {
    for (const kind of ['invitation', 'walk_in'] as const) {
      const token = kind === 'invitation' ? await invitationToken() : await walkInToken();
      const [revoked, checkedIn] = await Promise.all([
        revoke({ token }, staff.security.token),
        checkInWith(token),
      ]);
      const outcome = [revoked.statusCode, checkedIn.statusCode];
      expect([
        [200, 409],
        [409, 201],
      ]).toContainEqual(outcome);
      const loser = revoked.statusCode === 409 ? revoked : checkedIn;
      expect(loser.json()).toMatchObject({
        code: revoked.statusCode === 409 ? 'TOKEN_USED' : 'TOKEN_REVOKED',
      });
    }
  });

  it('writes one revocation when several race: every answer is 200 with the same revision', async () => {
    const token = await invitationToken();
    const answers = await Promise.all([1, 2, 3].map(() => revoke({ token }, staff.security.token)));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.json<{ revision: string }>().revision))).toEqual(new Set(['1']));
  });
});
