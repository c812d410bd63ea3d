import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, login, startTestSystem, type TestSystem } from '../../support/test-system.js';

describe('projection administration over HTTP', () => {
  let t: TestSystem;
  let admin: { authorization: string };
  let employee: { authorization: string };

  beforeAll(async () => {
    t = await startTestSystem();
    admin = { authorization: `Bearer ${await login(t.app, ADMIN.email, ADMIN.password)}` };
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: { email: 'emp@example.org', password: 'employee-pass', name: 'Emp', roles: ['employee'] },
    });
    await t.system.runtime.waitFor(BigInt((created.json() as { position: string }).position), 5000);
    employee = { authorization: `Bearer ${await login(t.app, 'emp@example.org', 'employee-pass')}` };
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists every projector with its checkpoint and lag', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/admin/projections', headers: admin });
    expect(response.statusCode).toBe(200);
    const users = (response.json() as { name: string }[]).find((p) => p.name === 'users');
    const head = (await t.system.log.headPosition()).toString();
    expect(users).toMatchObject({
      name: 'users',
      version: 1,
      status: 'live',
      checkpoint: head,
      headPosition: head,
      lagEvents: '0',
      parkedEvents: 0,
      rebuild: null,
    });
  });

  it('refuses other roles and unknown projectors', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/projections', headers: employee })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/admin/projections' })).statusCode).toBe(401);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/admin/projections/nope/rebuild',
      headers: admin,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('rebuilds a projector in the background (202) while reads keep working, then switches', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/api/users', headers: admin });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/projections/users/rebuild',
      headers: admin,
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ name: 'users', status: 'rebuilding' });
    const during = await t.app.inject({ method: 'GET', url: '/api/users', headers: admin });
    expect(during.json()).toEqual(before.json());
    let generation = 1;
    for (let i = 0; i < 100 && generation === 1; i++) {
      await new Promise((r) => setTimeout(r, 50));
      generation = (await t.system.runtime.status()).find((s) => s.name === 'users')!.generation;
    }
    expect(generation).toBe(2);
    const after = await t.app.inject({ method: 'GET', url: '/api/users', headers: admin });
    expect(after.json()).toEqual(before.json());
  });

  it('lists parked events (none here)', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/admin/projections/users/parked',
      headers: admin,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [] });
  });
});
