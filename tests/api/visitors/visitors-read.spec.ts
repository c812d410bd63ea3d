import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassToken } from '../../../src/api/visitors/entry-pass.js';
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
} from './visitor-test-kit.js';

describe('visitors: reads, entry pass, watch list and notifications over HTTP', () => {
  let t: TestSystem;
  let staff: VisitorStaff;
  let visitId: string;
  let otherVisitId: string;
  const get = (url: string, token: string, minPosition?: string) =>
    t.app.inject({
      method: 'GET',
      url,
      headers: { ...as(token), ...(minPosition ? { 'x-min-position': minPosition } : {}) },
    });

  beforeAll(async () => {
    t = await startTestSystem();
    staff = await visitorStaff(t);
    const invited = await invite(t, staff.host.token, staff.host.id, { visitor: visitor('Zoë', 'Ångström') });
    const first = await checkIn(t, {
      token: invited.json().token,
      visitor: visitor('Zoë', 'Ångström'),
      hostId: staff.host.id,
      purpose: 'x',
    });
    visitId = first.json().visitId;
    const second = await checkIn(
      t,
      { visitor: visitor('Olaf', 'Other'), hostId: staff.other.id, purpose: 'Audit' },
      staff.security.token,
    );
    otherVisitId = second.json().visitId;
    await settled(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows employees only their own visitors; security sees all; search is by normalised name prefix', async () => {
    const own = (await get('/api/visitors/history', staff.host.token)).json();
    expect(field(own)).toEqual([visitId]);
    expect(own.items[0]).toMatchObject({
      visitorName: 'Zoë Ångström',
      company: 'Guest Co',
      hostName: 'Hannah Host',
      status: 'checked_in',
      purpose: 'Design review',
    });
    const all = (await get('/api/visitors/history', staff.security.token)).json();
    expect(all.items).toHaveLength(2);
    const search = (await get('/api/visitors/history?q=angst', staff.security.token)).json();
    expect(field(search)).toEqual([visitId]);
    // Case and accents fold; the surname-first form matches too; wildcards are plain characters.
    for (const q of ['ANGSTRÖM%20Z', 'zo%C3%AB%20%C3%A5ng'])
      expect(field((await get(`/api/visitors/history?q=${q}`, staff.security.token)).json())).toEqual([
        visitId,
      ]);
    for (const q of ['%25', '_', 'angstr%C3%B6n'])
      expect((await get(`/api/visitors/history?q=${q}`, staff.security.token)).json().items).toEqual([]);
    const pending = (await get('/api/visitors/history?status=pending_approval', staff.security.token)).json();
    expect(field(pending)).toEqual([otherVisitId]);
    const page1 = (await get('/api/visitors/history?limit=1', staff.security.token)).json();
    expect(page1.nextCursor).not.toBeNull();
    const page2 = (
      await get(`/api/visitors/history?limit=1&cursor=${page1.nextCursor}`, staff.security.token)
    ).json();
    expect([page1.items[0].visitId, page2.items[0].visitId].sort()).toEqual([visitId, otherVisitId].sort());
    expect(page2.nextCursor).toBeNull();
    const future = (
      await get('/api/visitors/history?from=2999-01-01T00:00:00Z', staff.security.token)
    ).json();
    expect(future.items).toEqual([]);
    expect((await get('/api/visitors/history?status=nonsense', staff.security.token)).statusCode).toBe(400);
    expect((await get('/api/visitors/history', staff.kiosk.token)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/visitors/history' })).statusCode).toBe(401);
  });

  it('lists everyone on site for the roll call and shows a visit with its timeline', async () => {
    const active = (await get('/api/visitors/active', staff.security.token)).json();
    expect(field(active).sort()).toEqual([visitId, otherVisitId].sort());
    const detail = await get(`/api/visitors/${visitId}`, staff.host.token);
    expect(detail.statusCode).toBe(200);
    const types = (detail.json().timeline as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(['VisitorInvited', 'VisitorCheckedIn', 'HostNotified']);
    expect((await get(`/api/visitors/${otherVisitId}`, staff.host.token)).statusCode).toBe(404);
    expect(
      (await get('/api/visitors/00000000-0000-4000-8000-000000000000', staff.security.token)).statusCode,
    ).toBe(404);
  });

  it('issues an entry pass whose QR token verifies offline and fails when tampered with', async () => {
    const json = await get(`/api/visitors/entry-pass?visitId=${visitId}`, staff.kiosk.token);
    expect(json.statusCode).toBe(200);
    const pass = json.json<{ qr: string; validUntil: string }>();
    expect(pass).toMatchObject({
      visitId,
      visitorName: 'Zoë Ångström',
      hostName: 'Hannah Host',
      badgeNumber: expect.stringMatching(/^V-/),
    });
    const verified = await verifyPassToken(t.system.visitorPassKey, pass.qr);
    expect(verified.visitId).toBe(visitId);
    expect(verified.exp).toBe(Math.floor(Date.parse(pass.validUntil) / 1000));
    const [header, payload, signature] = pass.qr.split('.');
    const forged = Buffer.from(JSON.stringify({ visitId: otherVisitId, exp: verified.exp })).toString(
      'base64url',
    );
    await expect(
      verifyPassToken(t.system.visitorPassKey, `${header}.${forged}.${signature}`),
    ).rejects.toThrow();
    // The first character of the signature carries six bits of it (the last only four), so
    // changing it always changes the signature; 'AA' at the end matched one time in 1,024.
    const tampered = `${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
    await expect(
      verifyPassToken(t.system.visitorPassKey, `${header}.${payload}.${tampered}`),
    ).rejects.toThrow();
    await expect(
      verifyPassToken(t.system.visitorPassKey, pass.qr, new Date(Date.parse(pass.validUntil) + 120_000)),
    ).rejects.toThrow();

    const pdf = await get(`/api/visitors/entry-pass?visitId=${visitId}&format=pdf`, staff.kiosk.token);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const png = await get(`/api/visitors/entry-pass?visitId=${visitId}&format=png`, staff.kiosk.token);
    expect(png.headers['content-type']).toBe('image/png');
    expect([...png.rawPayload.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect((await get(`/api/visitors/entry-pass?visitId=${otherVisitId}`, staff.host.token)).statusCode).toBe(
      404,
    );
    expect(
      (await get(`/api/visitors/entry-pass?visitId=${visitId}&format=gif`, staff.kiosk.token)).statusCode,
    ).toBe(400);
  });

  it('records the host notifications and shows each host only theirs', async () => {
    const mine = (await get('/api/notifications', staff.host.token)).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({
      visitId,
      kind: 'arrival',
      recipient: staff.host.id,
      channel: 'outbox',
      status: 'sent',
      attempts: 1,
    });
    expect(mine.items[0].message).toContain('Zoë Ångström');
    const all = (await get('/api/notifications', staff.security.token)).json();
    expect(field(all, 'kind').sort()).toEqual(['approval_request', 'arrival']);
  });

  it('denies a watch-listed visitor with 403, alerts security, and lets security manage the list', async () => {
    const entry = { firstName: 'Mallory', lastName: 'Banned', reason: 'Trespass in 2025' };
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/visitors/watchlist',
          headers: as(staff.host.token),
          payload: entry,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/visitors/watchlist',
          headers: as(staff.security.token),
          payload: { reason: 'x' },
        })
      ).statusCode,
    ).toBe(400);
    const added = await t.app.inject({
      method: 'POST',
      url: '/api/visitors/watchlist',
      headers: as(staff.security.token),
      payload: entry,
    });
    expect(added.statusCode).toBe(201);
    const entryId = added.json().id;
    const list = (
      await get('/api/visitors/watchlist', staff.security.token, added.json<{ position: string }>().position)
    ).json();
    expect(list.items).toEqual([
      expect.objectContaining({ id: entryId, firstName: 'Mallory', lastName: 'Banned', active: true }),
    ]);

    const denied = await checkIn(
      t,
      { visitor: { firstName: 'mallory', lastName: ' BANNED ' }, hostId: staff.host.id, purpose: 'x' },
      staff.kiosk.token,
    );
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'VISITOR_ON_WATCHLIST' });
    expect(denied.body).not.toContain('Mallory');
    const alerts = (await get('/api/notifications', staff.security.token, await settled(t))).json();
    expect(alerts.items[0]).toMatchObject({ kind: 'watchlist_hit', recipient: 'security', status: 'sent' });
    const history = (await get('/api/visitors/history?status=denied', staff.security.token)).json();
    expect(history.items).toHaveLength(1);

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/visitors/watchlist/${entryId}`,
      headers: as(staff.security.token),
    });
    expect(removed.statusCode).toBe(200);
    await settled(t);
    const admitted = await checkIn(
      t,
      { visitor: { firstName: 'Mallory', lastName: 'Banned' }, hostId: staff.host.id, purpose: 'x' },
      staff.kiosk.token,
    );
    expect(admitted.statusCode).toBe(201);
    const missing = await t.app.inject({
      method: 'DELETE',
      url: '/api/visitors/watchlist/00000000-0000-4000-8000-000000000000',
      headers: as(staff.security.token),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('serves daily statistics to analysts', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const stats = await get(
      `/api/visitors/stats?from=${today}&to=${today}`,
      staff.security.token,
      await settled(t),
    );
    expect(stats.statusCode).toBe(200);
    expect(stats.json().totals).toMatchObject({
      visits: 3,
      uniqueVisitors: 3,
      peakHour: new Date().getUTCHours(),
    });
    expect((await get(`/api/visitors/stats?from=${today}&to=${today}`, staff.host.token)).statusCode).toBe(
      403,
    );
    expect((await get('/api/visitors/stats?from=yesterday&to=today', staff.security.token)).statusCode).toBe(
      400,
    );
  });
});
