import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userDecider } from '../../../src/commands/auth/user.decider.js';
import { handleCommand } from '../../../src/commands/handle-command.js';
import { userStream } from '../../../src/events/auth/user.events.js';
import { startTestSystem, type TestSystem } from '../../support/test-system.js';
import { auditActors, bearer, createUser, type AuditActors } from './audit-test-users.js';

type AuditEventItem = {
  position: string;
  streamId: string;
  revision: string;
  type: string;
  data: Record<string, unknown>;
  metadata: { actor: { userId?: string; system?: string }; occurredAt: string };
  erased: string[];
};
type EventPage = { items: AuditEventItem[]; nextCursor: string | null };

describe('audit API', () => {
  let t: TestSystem;
  let a: AuditActors;
  let frank: { id: string; position: string };
  const get = (url: string, token: string, minPosition?: string) =>
    t.app.inject({
      method: 'GET',
      url,
      headers: { ...bearer(token), ...(minPosition === undefined ? {} : { 'x-min-position': minPosition }) },
    });

  beforeAll(async () => {
    t = await startTestSystem();
    a = await auditActors(t);
    frank = await createUser(t, a.admin, {
      email: 'frank@example.org',
      password: 'frank-password',
      name: 'Frank Fielding',
      roles: ['employee'],
      phone: '+1 555 0199',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('GET /api/audit/events', () => {
    it('lists the log with personal fields opened, for auditors and admins; 401/403 otherwise', async () => {
      const response = await get('/api/audit/events?type=UserRegistered', a.auditor, frank.position);
      expect(response.statusCode).toBe(200);
      const page = response.json<EventPage>();
      const registered = page.items.find((e) => e.data.userId === frank.id);
      expect(registered).toMatchObject({
        streamId: userStream.name(frank.id),
        revision: '0',
        type: 'UserRegistered',
        data: { name: 'Frank Fielding', email: 'frank@example.org', phone: '+1 555 0199' },
        metadata: { actor: { userId: a.adminId } },
        erased: [],
      });
      expect(page.items.every((e) => e.type === 'UserRegistered')).toBe(true);
      expect((await get('/api/audit/events', a.admin)).statusCode).toBe(200);
      expect((await get('/api/audit/events', a.employee)).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'GET', url: '/api/audit/events' })).statusCode).toBe(401);
    });

    it('filters by stream, actor and time, and pages by position', async () => {
      const stream = userStream.name(frank.id);
      const byStream = (
        await get(`/api/audit/events?stream=${stream}`, a.auditor, frank.position)
      ).json<EventPage>();
      expect(byStream.items.map((e) => e.streamId)).toEqual([stream]);
      const byActor = (
        await get(`/api/audit/events?actorId=${a.adminId}&limit=500`, a.auditor)
      ).json<EventPage>();
      expect(byActor.items.length).toBeGreaterThanOrEqual(6);
      expect(byActor.items.every((e) => e.metadata.actor.userId === a.adminId)).toBe(true);
      const system = (await get('/api/audit/events?actorId=system:bootstrap', a.auditor)).json<EventPage>();
      expect(system.items.map((e) => e.type)).toEqual(['EmailReserved', 'UserRegistered']);
      expect(system.items[1]!.metadata.actor).toEqual({ system: 'bootstrap' });
      const future = (await get('/api/audit/events?from=2999-01-01T00:00:00Z', a.auditor)).json<EventPage>();
      expect(future.items).toEqual([]);
      const past = (await get('/api/audit/events?to=2000-01-01T00:00:00Z', a.auditor)).json<EventPage>();
      expect(past.items).toEqual([]);

      const first = (await get('/api/audit/events?limit=2', a.auditor)).json<EventPage>();
      expect(first.items).toHaveLength(2);
      const second = (
        await get(`/api/audit/events?limit=2&cursor=${first.nextCursor}`, a.auditor)
      ).json<EventPage>();
      const positions = [...first.items, ...second.items].map((e) => BigInt(e.position));
      expect(positions).toEqual([...positions].sort((x, y) => (x < y ? -1 : 1)));
      expect(new Set(positions).size).toBe(4);
    });

    it('answers 400 per bad field', async () => {
      const response = await get('/api/audit/events?from=yesterday&limit=0', a.auditor);
      expect(response.statusCode).toBe(400);
      const paths = response
        .json<{ errors: { path: string }[] }>()
        .errors.map((e) => e.path)
        .sort();
      expect(paths).toEqual(['querystring.from', 'querystring.limit']);
      expect((await get('/api/audit/events?cursor=nonsense', a.auditor)).statusCode).toBe(400);
    });
  });

  describe('GET /api/audit/streams/:streamId', () => {
    it('returns every event of a stream in order, with metadata, in pages', async () => {
      const stream = userStream.name(frank.id);
      await changeRoles(frank.id, ['employee', 'security'], new Date());
      const all = (await get(`/api/audit/streams/${stream}`, a.auditor)).json<EventPage>();
      expect(all.items.map((e) => [e.revision, e.type])).toEqual([
        ['0', 'UserRegistered'],
        ['1', 'RolesAssigned'],
      ]);
      expect(all.items[0]!.metadata).toMatchObject({
        actor: { userId: a.adminId },
        occurredAt: expect.any(String),
      });
      const page = (await get(`/api/audit/streams/${stream}?limit=1`, a.admin)).json<EventPage>();
      expect(page.items.map((e) => e.revision)).toEqual(['0']);
      const next = (
        await get(`/api/audit/streams/${stream}?limit=1&cursor=${page.nextCursor}`, a.admin)
      ).json();
      expect((next as EventPage).items.map((e) => e.revision)).toEqual(['1']);
      expect((next as EventPage).nextCursor).toBeNull();
    });

    it('answers 404 for an unknown stream, 403 for an employee, 400 for a bad cursor', async () => {
      expect((await get(`/api/audit/streams/user-${randomUUID()}`, a.auditor)).statusCode).toBe(404);
      expect((await get(`/api/audit/streams/${userStream.name(frank.id)}`, a.employee)).statusCode).toBe(403);
      expect(
        (await get(`/api/audit/streams/${userStream.name(frank.id)}?cursor=x`, a.auditor)).statusCode,
      ).toBe(400);
    });
  });

  describe('GET /api/audit/state/:streamId', () => {
    it("folds the stream up to asOf with the module's own evolve: the past state after later changes", async () => {
      const user = await createUser(t, a.admin, {
        email: 'gina@example.org',
        password: 'gina-password',
        name: 'Gina',
        roles: ['employee'],
      });
      const registeredAt = new Date();
      const later = new Date(registeredAt.getTime() + 3_600_000);
      await changeRoles(user.id, ['analyst'], later);
      const stream = userStream.name(user.id);

      const then = await get(`/api/audit/state/${stream}?asOf=${registeredAt.toISOString()}`, a.auditor);
      expect(then.statusCode).toBe(200);
      expect(then.json()).toMatchObject({
        streamId: stream,
        category: 'user',
        exists: true,
        revision: '0',
        eventCount: 1,
        state: { status: 'active', roles: ['employee'] },
      });
      const after = (
        await get(
          `/api/audit/state/${stream}?asOf=${new Date(later.getTime() + 1000).toISOString()}`,
          a.admin,
        )
      ).json();
      expect(after).toMatchObject({
        revision: '1',
        eventCount: 2,
        state: { status: 'active', roles: ['analyst'] },
      });
      const before = (await get(`/api/audit/state/${stream}?asOf=2000-01-01T00:00:00Z`, a.auditor)).json();
      expect(before).toMatchObject({
        exists: false,
        revision: null,
        eventCount: 0,
        state: { status: 'absent' },
      });
    });

    it('answers 422 for a category without a decider, 404 for no stream, 400 for a bad asOf, 403 for an employee', async () => {
      const unknown = await get(`/api/audit/state/nothing-${randomUUID()}`, a.auditor);
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_STREAM_CATEGORY' });
      expect((await get(`/api/audit/state/user-${randomUUID()}`, a.auditor)).statusCode).toBe(404);
      expect(
        (await get(`/api/audit/state/${userStream.name(frank.id)}?asOf=soon`, a.auditor)).statusCode,
      ).toBe(400);
      expect((await get(`/api/audit/state/${userStream.name(frank.id)}`, a.employee)).statusCode).toBe(403);
    });
  });

  describe('GET /api/audit/verify', () => {
    it('verifies the chain of the whole log and of one stream; 403 for an employee', async () => {
      const whole = await get('/api/audit/verify', a.auditor);
      expect(whole.statusCode).toBe(200);
      const head = await t.system.store.headPosition();
      expect(whole.json()).toEqual({ verifiedEvents: Number(head), brokenAt: null });
      const one = await get(`/api/audit/verify?stream=${userStream.name(frank.id)}`, a.admin);
      expect(one.json()).toEqual({ verifiedEvents: 2, brokenAt: null });
      expect((await get('/api/audit/verify', a.employee)).statusCode).toBe(403);
    });

    it('reports a byte edited in the stored log', async () => {
      const db = (t.system.store as { db?: Knex }).db;
      if (db === undefined) return; // EventStoreDB: stored events cannot be edited behind its back
      const stream = userStream.name(frank.id);
      const row = (await db('es_events').where({ stream_id: stream, revision: 1 }).first()) as {
        global_position: number | string;
        data: string;
      };
      const edited = row.data.replace('security', 'securitz');
      expect(edited).not.toBe(row.data);
      await db('es_events').where({ global_position: row.global_position }).update({ data: edited });
      const response = (await get('/api/audit/verify', a.auditor)).json<{
        verifiedEvents: number;
        brokenAt: unknown;
      }>();
      expect(response.brokenAt).toEqual({
        streamId: stream,
        revision: '1',
        position: String(row.global_position),
      });
      expect(response.verifiedEvents).toBe(Number(row.global_position) - 1);
      const one = (await get(`/api/audit/verify?stream=${stream}`, a.auditor)).json();
      expect(one).toEqual({
        verifiedEvents: 1,
        brokenAt: { streamId: stream, revision: '1', position: String(row.global_position) },
      });
    });
  });

  function changeRoles(userId: string, roles: ('employee' | 'security' | 'analyst')[], now: Date) {
    return handleCommand(
      t.system.log,
      userStream.name(userId),
      userDecider,
      { type: 'AssignRoles', userId, roles },
      {
        actor: { userId: a.adminId, roles: ['admin'] },
        now,
        correlationId: randomUUID(),
      },
    );
  }
});
