import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, login, startTestSystem, type TestSystem } from '../../support/test-system.js';

describe('identity over HTTP', () => {
  let t: TestSystem;
  let adminToken: string;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestSystem();
    adminToken = await login(t.app, ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const createUser = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/users', headers: { ...as(adminToken), ...headers }, payload });

  it('creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD and logs them in', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: ADMIN });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 3600,
      user: { email: ADMIN.email, roles: ['admin'] },
    });
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: as(adminToken) });
    expect(me.json()).toMatchObject({
      email: ADMIN.email,
      name: 'Administrator',
      roles: ['admin'],
      departmentId: null,
    });
  });

  it('answers the same 401 for an unknown email and a wrong password', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.org', password: 'x' },
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: ADMIN.email, password: 'wrong-password' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
  });

  it('signs in after the read models reach X-Min-Position, and rejects a malformed one', async () => {
    const created = await createUser({
      email: 'fresh@example.org',
      password: 'fresh-password',
      name: 'Fresh Person',
      roles: ['employee'],
    });
    const { position } = created.json() as { position: string };
    const signIn = (minPosition: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-min-position': minPosition },
        payload: { email: 'fresh@example.org', password: 'fresh-password' },
      });
    expect((await signIn(position)).statusCode).toBe(200);
    const malformed = await signIn('-1');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ errors: [{ path: 'headers.x-min-position' }] });
  });

  it('registers a user with a department; the new user can log in and sees themselves', async () => {
    const dept = await t.app.inject({
      method: 'POST',
      url: '/api/departments',
      headers: as(adminToken),
      payload: { name: 'Assembly' },
    });
    expect(dept.statusCode).toBe(201);
    const departmentId = (dept.json() as { id: string }).id;
    const created = await createUser({
      email: 'Erin@Example.org',
      password: 'erin-password',
      name: 'Erin Example',
      roles: ['employee'],
      departmentId,
      phone: '+1 555 0100',
    });
    expect(created.statusCode).toBe(201);
    const body = created.json() as { id: string; revision: string; position: string };
    expect(created.headers.etag).toBe('"0"');
    expect(created.headers.location).toBe(`/api/users/${body.id}`);

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/users?limit=10',
      headers: { ...as(adminToken), 'x-min-position': body.position },
    });
    expect(list.statusCode).toBe(200);
    expect((list.json() as { items: { email: string }[] }).items.map((u) => u.email)).toContain(
      'Erin@Example.org',
    );

    const token = await login(t.app, 'erin@example.org', 'erin-password');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: as(token) });
    expect(me.json()).toEqual({
      id: body.id,
      email: 'Erin@Example.org',
      name: 'Erin Example',
      roles: ['employee'],
      departmentId,
    });
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: as(token),
      payload: { email: 'x@example.org', password: 'password1', name: 'X', roles: ['admin'] },
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('refuses a second user with the same email, whatever its case', async () => {
    const first = await createUser({
      email: 'dup@example.org',
      password: 'password-1',
      name: 'One',
      roles: ['employee'],
    });
    expect(first.statusCode).toBe(201);
    const second = await createUser({
      email: 'DUP@example.org',
      password: 'password-2',
      name: 'Two',
      roles: ['employee'],
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'EMAIL_TAKEN' });
  });

  it('validates input field by field and refuses unknown departments', async () => {
    const bad = await createUser({ email: 'not-an-email', password: 'short', name: '', roles: ['wizard'] });
    expect(bad.statusCode).toBe(400);
    const paths = (bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort();
    expect(paths).toEqual(['body.email', 'body.name', 'body.password', 'body.roles.0']);
    const unknownDept = await createUser({
      email: 'dept@example.org',
      password: 'password-1',
      name: 'D',
      roles: ['employee'],
      departmentId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownDept.statusCode).toBe(409);
    expect(unknownDept.json()).toMatchObject({ code: 'UNKNOWN_DEPARTMENT' });
  });

  it('answers a repeated Idempotency-Key with the first result and registers once', async () => {
    const payload = { email: 'idem@example.org', password: 'password-1', name: 'Idem', roles: ['employee'] };
    const first = await createUser(payload, { 'idempotency-key': 'create-idem-1' });
    const again = await createUser(payload, { 'idempotency-key': 'create-idem-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    const other = await createUser({ ...payload, name: 'Other' }, { 'idempotency-key': 'create-idem-1' });
    expect(other.statusCode).toBe(422);
  });

  it('keeps names, emails and phones out of the event store in clear', async () => {
    await createUser({
      email: 'secret.person@example.org',
      password: 'password-1',
      name: 'Secretia Person',
      roles: ['employee'],
      phone: '+44 20 7946 0999',
    });
    const events = await t.system.store.readAll({ limit: 10_000 });
    const raw = JSON.stringify(events, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    for (const secret of ['secret.person', 'Secretia', '7946 0999', 'Erin Example'])
      expect(raw).not.toContain(secret);
  });

  it('pages users', async () => {
    const page1 = await t.app.inject({ method: 'GET', url: '/api/users?limit=2', headers: as(adminToken) });
    const { items, nextCursor } = page1.json() as { items: { id: string }[]; nextCursor: string };
    expect(items).toHaveLength(2);
    const page2 = await t.app.inject({
      method: 'GET',
      url: `/api/users?limit=2&cursor=${nextCursor}`,
      headers: as(adminToken),
    });
    const ids2 = (page2.json() as { items: { id: string }[] }).items.map((u) => u.id);
    expect(ids2.some((id) => items.some((u) => u.id === id))).toBe(false);
    const bad = await t.app.inject({ method: 'GET', url: '/api/users?cursor=%%%', headers: as(adminToken) });
    expect(bad.statusCode).toBe(400);
  });
});
