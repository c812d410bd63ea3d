/**
 * PROJECTION_THREAD=true: the projectors run in a worker thread, the HTTP thread appends and
 * answers reads. On SQLite and (with DATABASE_URL) MariaDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, checkIn, visitor } from '../api/visitors/visitor-test-kit.js';
import { ADMIN, login, startTestSystem, type TestSystem } from '../support/test-system.js';

describe('projection thread', () => {
  let t: TestSystem;
  let admin: string;
  let adminId: string;

  beforeAll(async () => {
    t = await startTestSystem({ PROJECTION_THREAD: 'true' });
    admin = await login(t.app, ADMIN.email, ADMIN.password);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: as(admin) });
    adminId = me.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs every projector in the thread, under this process owner id, live at the checkpoints it pushes', async () => {
    expect(t.system.projectionThread).toBeDefined();
    const moved = t.system.runtime.changed();
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/departments',
      headers: as(admin),
      payload: { name: 'Threaded' },
    });
    expect(created.statusCode).toBe(201);
    await moved; // a push from the thread wakes what waits on this runtime (live metrics, say)
    expect(await t.system.runtime.waitFor(BigInt(created.json<{ position: string }>().position), 5000)).toBe(
      true,
    );
    const statuses = await t.system.runtime.status();
    expect(statuses.length).toBeGreaterThan(5);
    for (const status of statuses) {
      expect(status.owner).toBe(t.system.runtime.ownerId);
      expect(status.status).toBe('live');
      // The runtime here runs none of them; the checkpoints are the thread's.
      expect(t.system.runtime.checkpoint(status.name)).toBe(status.checkpoint);
    }
  });

  it('serves a check-in read with X-Min-Position as soon as the thread has projected it', async () => {
    const response = await checkIn(
      t,
      { visitor: visitor('Theo', 'Thread'), hostId: adminId, purpose: 'Threads' },
      admin,
    );
    expect(response.statusCode).toBe(201);
    const { visitId, position } = response.json<{ visitId: string; position: string }>();
    const started = Date.now();
    const read = await t.app.inject({
      method: 'GET',
      url: `/api/visitors/${visitId}`,
      headers: { ...as(admin), 'x-min-position': position },
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ visitId, visitorName: 'Theo Thread', status: 'pending_approval' });
    // Pushed checkpoints, not the 250 ms poll of a log appended elsewhere: well under it.
    expect(Date.now() - started).toBeLessThan(2000);
    // The detail names the visits and users models: those have the check-in (others may not yet).
    expect(await t.system.runtime.waitFor(BigInt(position), 0, ['visits', 'users'])).toBe(true);
  });

  it('forgets an erased subject key in the thread too: a rebuild there reads the name as erased', async () => {
    const response = await checkIn(
      t,
      { visitor: visitor('Erin', 'Erased'), hostId: adminId, purpose: 'Erasure' },
      admin,
    );
    const { visitId, visitorId, position } = response.json<{
      visitId: string;
      visitorId: string;
      position: string;
    }>();
    expect(await t.system.runtime.waitFor(BigInt(position), 5000)).toBe(true);
    expect(await t.system.log.eraseSubject(visitorId)).toBe(true);
    // The thread opened this visitor's events a moment ago; without the forwarded erasure it
    // would hand the opened events (and its cached key, for 60 s) to the rebuild.
    await t.system.runtime.startRebuild('visits');
    await expect
      .poll(
        async () => {
          const statuses = await t.system.runtime.status();
          const visits = statuses.find((s) => s.name === 'visits')!;
          if (visits.rebuild !== undefined || visits.generation === 1) return 'rebuilding';
          const read = await t.app.inject({
            method: 'GET',
            url: `/api/visitors/${visitId}`,
            headers: as(admin),
          });
          return read.json<{ visitorName: string }>().visitorName;
        },
        { timeout: 15_000, interval: 200 },
      )
      .not.toMatch(/rebuilding|Erin/);
  });
});
