import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectErasureStream } from '../../../src/events/audit/subject-erasure.events.js';
import { isMysql } from '../../../src/db/knex-connection.js';
import { ERASED } from '../../../src/events/envelope.js';
import { startTestSystem, type TestSystem } from '../../support/test-system.js';
import { auditActors, bearer, createUser, type AuditActors } from './audit-test-users.js';

const PERSON = {
  name: 'Zebulon Quayle-Erasmus',
  email: 'Zebulon.Quayle@example.org',
  phone: '+44 7700 900123',
};
const CLEAR = [PERSON.name, PERSON.email, PERSON.email.toLowerCase(), PERSON.phone];

async function tableNames(db: Knex): Promise<string[]> {
  if (isMysql(db)) {
    const result: Record<string, string>[][] = await db.raw('SHOW FULL TABLES WHERE Table_type = ?', [
      'BASE TABLE',
    ]);
    return (result[0] ?? []).map((row) => Object.values(row)[0]!);
  }
  const rows: { name: string }[] = await db.raw("SELECT name FROM sqlite_master WHERE type = 'table'");
  return rows.map((row) => row.name);
}

/** Every row of every table, as text: what a copy of the database would reveal. */
async function dumpTables(db: Knex): Promise<string> {
  let text = '';
  for (const name of await tableNames(db))
    text += JSON.stringify(await db(name).select('*'), (_k, v: unknown) =>
      typeof v === 'bigint' ? String(v) : v,
    );
  return text;
}

describe('POST /api/admin/subjects/:subjectId/erase', () => {
  let t: TestSystem;
  let a: AuditActors;
  let person: { id: string; position: string };
  const erase = (
    token: string,
    subjectId: string,
    payload: object = { reason: 'GDPR art. 17 request #42' },
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/api/admin/subjects/${subjectId}/erase`,
      headers: bearer(token),
      payload,
    });
  const databases = () => {
    const eventDb = (t.system.store as { db?: Knex }).db;
    return eventDb === undefined ? [t.system.readDb] : [t.system.readDb, eventDb];
  };

  beforeAll(async () => {
    t = await startTestSystem();
    a = await auditActors(t);
    person = await createUser(t, a.admin, { ...PERSON, password: 'zebulon-password', roles: ['employee'] });
    await t.app.inject({
      method: 'GET',
      url: '/api/users',
      headers: { ...bearer(a.admin), 'x-min-position': person.position },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is refused to employees and auditors, and checks its input', async () => {
    expect((await erase(a.employee, person.id)).statusCode).toBe(403);
    expect((await erase(a.auditor, person.id)).statusCode).toBe(403);
    const badId = await erase(a.admin, 'not a subject!');
    expect(badId.statusCode).toBe(400);
    expect(badId.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'params.subjectId',
    ]);
    const noReason = await erase(a.admin, person.id, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'body.reason',
    ]);
    const unknown = await erase(a.admin, randomUUID());
    expect(unknown.statusCode).toBe(404);
  });

  it('leaves no clear copy of the name, email or phone in any table, export or event', async () => {
    // The scan finds them before, so finding nothing after means something.
    const before = (await Promise.all(databases().map(dumpTables))).join('');
    expect(before).toContain(PERSON.name);

    const response = await erase(a.admin, person.id);
    expect(response.statusCode).toBe(202);
    const body = response.json<{ id: string; revision: string; position: string; erasedAt: string }>();
    expect(body).toMatchObject({ id: person.id, revision: '0' });

    const users = await t.app.inject({
      method: 'GET',
      url: '/api/users?limit=500',
      headers: { ...bearer(a.admin), 'x-min-position': body.position },
    });
    const row = users
      .json<{ items: { id: string; name: string; email: string; phone: string }[] }>()
      .items.find((u) => u.id === person.id);
    expect(row).toMatchObject({ name: ERASED, email: ERASED, phone: ERASED });

    const tables = (await Promise.all(databases().map(dumpTables))).join('');
    const raw = JSON.stringify(await t.system.store.readAll({ limit: 100_000 }), (_k, v: unknown) =>
      typeof v === 'bigint' ? String(v) : v,
    );
    const exported = await Promise.all(
      (['ndjson', 'csv', 'xlsx'] as const).map(async (format) => {
        const file = await t.app.inject({
          method: 'POST',
          url: '/api/audit/exports',
          headers: bearer(a.auditor),
          payload: { format },
        });
        return format === 'xlsx' ? file.rawPayload.toString('latin1') : file.body;
      }),
    );
    for (const value of CLEAR) {
      expect(tables).not.toContain(value);
      expect(raw).not.toContain(value);
      for (const file of exported) expect(file).not.toContain(value);
    }
    expect(exported[0]).toContain(ERASED);
  });

  it('records the erasure itself (who, when, why) and shows the person as erased to auditors', async () => {
    const stream = subjectErasureStream.name(person.id);
    const events = await t.system.log.readStream(stream);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'SubjectErased',
      data: { subjectId: person.id, reason: 'GDPR art. 17 request #42', erasedBy: a.adminId },
      metadata: { actor: { userId: a.adminId, roles: ['admin'] } },
    });
    const audit = await t.app.inject({
      method: 'GET',
      url: `/api/audit/streams/user-${person.id}`,
      headers: bearer(a.auditor),
    });
    const registered = audit.json<{ items: { data: Record<string, unknown>; erased: string[] }[] }>()
      .items[0]!;
    expect(registered.data).toMatchObject({
      name: ERASED,
      email: ERASED,
      phone: ERASED,
      roles: ['employee'],
    });
    expect(registered.erased.sort()).toEqual(['email', 'name', 'phone']);
    const state = await t.app.inject({
      method: 'GET',
      url: `/api/audit/state/${stream}`,
      headers: bearer(a.auditor),
    });
    expect(state.json()).toMatchObject({ state: { erasures: 1 } });
  });

  it('keeps counts: the erased user still counts as a user', async () => {
    const users = await t.app.inject({
      method: 'GET',
      url: '/api/users?limit=500',
      headers: bearer(a.admin),
    });
    expect(users.json<{ items: unknown[] }>().items).toHaveLength(4);
  });
});
