import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usersProjector } from '../../../src/projections/auth/users.projection.js';
import {
  findCredentials,
  getUser,
  listDepartments,
  listUsers,
} from '../../../src/queries/auth/users.query.js';
import { projectionFixture, recorded, type ProjectionFixture } from '../../support/projection-fixture.js';

const ids = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
];
const registered = (i: number, email: string) =>
  recorded(`user-${ids[i]}`, 'UserRegistered', {
    userId: ids[i],
    email,
    name: `User ${i}`,
    phone: null,
    passwordHash: `hash-${i}`,
    roles: ['employee'],
    departmentId: null,
    registeredAt: '2026-01-01T00:00:00.000Z',
  });

describe('users projection', () => {
  let f: ProjectionFixture;
  beforeEach(async () => {
    f = await projectionFixture(usersProjector);
  });
  afterEach(async () => {
    await f.cleanup();
  });

  const history = () => [
    registered(0, 'Ann@Example.org'),
    registered(1, 'bob@example.org'),
    registered(2, 'cy@example.org'),
    recorded(`user-${ids[1]}`, 'RolesAssigned', { userId: ids[1], roles: ['security', 'employee'] }, 1n),
    recorded(
      `user-${ids[0]}`,
      'PasswordChanged',
      { userId: ids[0], passwordHash: 'hash-new', changedAt: '2026-01-02T00:00:00.000Z' },
      1n,
    ),
    recorded(
      `user-${ids[2]}`,
      'UserDeactivated',
      { userId: ids[2], deactivatedAt: '2026-01-03T00:00:00.000Z' },
      1n,
    ),
    recorded('department-d1', 'DepartmentCreated', { departmentId: 'd1', name: 'Welding' }),
  ];

  it('turns the events into users and departments', async () => {
    await f.apply(history());
    const ann = await findCredentials(f.db, '  ann@EXAMPLE.org ');
    expect(ann).toMatchObject({
      passwordHash: 'hash-new',
      user: { id: ids[0], email: 'Ann@Example.org', active: true },
    });
    expect(await getUser(f.db, ids[1]!)).toMatchObject({ roles: ['security', 'employee'] });
    expect(await getUser(f.db, ids[2]!)).toMatchObject({ active: false });
    expect((await listDepartments(f.db, {})).items).toEqual([{ id: 'd1', name: 'Welding' }]);
  });

  it('changes nothing when the same events are applied twice', async () => {
    await f.apply(history());
    const once = await f.db('users').orderBy('id');
    await f.apply(history());
    expect(await f.db('users').orderBy('id')).toEqual(once);
    expect(await f.db('departments').select('id')).toEqual([{ id: 'd1' }]);
  });

  it('pages users with a stable cursor', async () => {
    await f.apply(history());
    const first = await listUsers(f.db, { limit: 2 });
    expect(first.items.map((u) => u.email)).toEqual(['Ann@Example.org', 'bob@example.org']);
    const second = await listUsers(f.db, { limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((u) => u.email)).toEqual(['cy@example.org']);
    expect(second.nextCursor).toBeNull();
    await expect(listUsers(f.db, { cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
  });
});
