/**
 * The whole app on EventStoreDB: the log on the in-process gRPC test server (or on a real
 * server when EVENTSTORE_URL=esdb://… is set), read models on SQLite or MariaDB as usual.
 * Commands go in over HTTP and come back out of the read models, and a dropped subscription
 * is resumed from the checkpoint with nothing lost or applied twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEsdbTestServer, type EsdbTestServer } from '../support/esdb-test-server.js';
import { ADMIN, login, startTestSystem, type TestSystem } from '../support/test-system.js';

const realServer =
  process.env.EVENTSTORE_URL?.startsWith('esdb://') === true ? process.env.EVENTSTORE_URL : undefined;

describe('the app on EventStoreDB', () => {
  let server: EsdbTestServer | undefined;
  let t: TestSystem;
  let headers: Record<string, string>;
  const run = `${Date.now().toString(36)}`;

  beforeAll(async () => {
    server = realServer === undefined ? await startEsdbTestServer() : undefined;
    t = await startTestSystem({ EVENTSTORE_URL: realServer ?? server!.url });
    headers = { authorization: `Bearer ${await login(t.app, ADMIN.email, ADMIN.password)}` };
  });
  afterAll(async () => {
    await t.close();
    await server?.stop();
  });

  async function createDepartment(name: string): Promise<{ id: string; position: string }> {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/departments',
      headers,
      payload: { name },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  }

  async function departmentNames(minPosition: string): Promise<string[]> {
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/departments?limit=200',
      headers: { ...headers, 'x-min-position': minPosition },
    });
    expect(response.statusCode).toBe(200);
    return (response.json() as { items: { name: string }[] }).items
      .map((d) => d.name)
      .filter((name) => name.endsWith(run));
  }

  it('serves commands through the API and reads them back from the projections', async () => {
    const created = await createDepartment(`Assembly ${run}`);
    expect(created.position).toMatch(/^\d+$/);
    expect(await departmentNames(created.position)).toEqual([`Assembly ${run}`]);

    const user = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers,
      payload: {
        email: `esdb-${run}@example.org`,
        password: 'esdb-password',
        name: 'Esdb Person',
        roles: ['employee'],
        departmentId: created.id,
      },
    });
    expect(user.statusCode).toBe(201);
    // The projectors follow EventStoreDB by subscription: the login waits for the user's position.
    const token = await login(
      t.app,
      `esdb-${run}@example.org`,
      'esdb-password',
      (user.json() as { position: string }).position,
    );
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json()).toMatchObject({ name: 'Esdb Person', departmentId: created.id });
  });

  it.skipIf(realServer !== undefined)(
    'resumes dropped subscriptions from the checkpoint without losing or repeating events',
    async () => {
      const before = await Promise.all([1, 2, 3].map((n) => createDepartment(`Before ${n} ${run}`)));
      await departmentNames(before.at(-1)!.position);

      expect(server!.dropSubscriptions()).toBeGreaterThan(0);
      const after = [];
      for (const n of [1, 2, 3]) after.push(await createDepartment(`After ${n} ${run}`));

      const names = await departmentNames(after.at(-1)!.position);
      const expected = [1, 2, 3].flatMap((n) => [`Before ${n} ${run}`, `After ${n} ${run}`]);
      expect(names.filter((name) => !name.startsWith('Assembly')).sort()).toEqual(expected.sort());
      const statuses = await t.system.runtime.status();
      expect(statuses.every((s) => s.parkedEvents === 0)).toBe(true);
    },
  );
});
