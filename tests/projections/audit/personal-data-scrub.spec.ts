/** The rule for projectors that store personal fields: they scrub a subject's rows on SubjectErased. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERASED } from '../../../src/events/envelope.js';
import { usersProjector } from '../../../src/projections/auth/users.projection.js';
import { projectionFixture, recorded, type ProjectionFixture } from '../../support/projection-fixture.js';

const id = '44444444-4444-4444-8444-444444444444';
const other = '55555555-5555-4555-8555-555555555555';
const registered = (userId: string, name: string, phone: string | null) =>
  recorded(`user-${userId}`, 'UserRegistered', {
    userId,
    email: `${name.toLowerCase()}@example.org`,
    name,
    phone,
    passwordHash: 'hash',
    roles: ['employee'],
    departmentId: null,
    registeredAt: '2026-01-01T00:00:00.000Z',
  });
const erasedEvent = recorded(`subjectErasure-${id}`, 'SubjectErased', {
  subjectId: id,
  reason: 'asked',
  erasedBy: null,
  erasedAt: '2026-02-01T00:00:00.000Z',
});

describe('users projection on SubjectErased', () => {
  let f: ProjectionFixture;
  beforeEach(async () => {
    f = await projectionFixture(usersProjector);
  });
  afterEach(async () => {
    await f.cleanup();
  });

  it("scrubs the subject's personal fields, keeps the row and leaves others alone; twice changes nothing", async () => {
    const history = [registered(id, 'Ida', '+1 555 0101'), registered(other, 'Ola', null), erasedEvent];
    await f.apply(history);
    const rows = async () =>
      f
        .db<Record<string, unknown>>('users')
        .orderBy('id')
        .select('id', 'email', 'email_normalized', 'name', 'phone');
    const after = await rows();
    expect(after).toMatchObject([
      { id, email: ERASED, email_normalized: ERASED, name: ERASED, phone: ERASED },
      { id: other, email: 'ola@example.org', name: 'Ola', phone: null },
    ]);
    await f.apply(history);
    expect(await rows()).toEqual(after);
  });
});
