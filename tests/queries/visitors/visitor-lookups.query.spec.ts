import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersProjector } from '../../../src/projections/auth/users.projection.js';
import { visitorWatchlistProjector } from '../../../src/projections/visitors/visitor-watchlist.projection.js';
import { visitorLookups } from '../../../src/queries/visitors/visitor-lookups.query.js';
import { testDatabase, type TestDatabase } from '../../support/databases.js';
import { projectionFixture, recorded } from '../../support/projection-fixture.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const entry = (n: number, firstName: string, lastName: string, email: string | null) =>
  recorded(`watchlist-${id(n)}`, 'WatchlistEntryAdded', {
    entryId: id(n),
    firstName,
    lastName,
    email,
    reason: 'Test',
    addedBy: id(1),
    addedAt: '2026-03-01T00:00:00.000Z',
  });
const host = (n: number, name: string, phone: string | null) =>
  recorded(`user-${id(n)}`, 'UserRegistered', {
    userId: id(n),
    email: `u${n}@example.org`,
    name,
    phone,
    passwordHash: 'x',
    roles: ['employee'],
    departmentId: null,
    registeredAt: '2026-01-01T00:00:00.000Z',
  });
const visitor = (firstName: string, lastName: string, email: string | null = null) => ({
  firstName,
  lastName,
  email,
});

describe('visitor lookups: the look-ups of one turn answered together', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await testDatabase();
    const watchlist = await projectionFixture(visitorWatchlistProjector, database);
    await watchlist.apply([
      entry(10, 'Mallory', 'Banned', null),
      entry(11, 'Eve', 'Listed', 'eve@example.org'),
      entry(12, 'Trent', 'Removed', null),
      recorded(
        `watchlist-${id(12)}`,
        'WatchlistEntryRemoved',
        { entryId: id(12), removedBy: id(1), removedAt: '2026-03-02T00:00:00.000Z' },
        1n,
      ),
      entry(13, 'Ann', 'Other', 'ann@example.org'),
    ]);
    const users = await projectionFixture(usersProjector, database);
    await users.apply([host(20, 'Hannah Host', '+4670000000'), host(21, 'Henrik Host', null)]);
  });
  afterAll(async () => database.drop());

  it('gives each concurrent visitor their own answer: by email first, else by name, active entries only', async () => {
    const { watchlistHit } = visitorLookups(database.db);
    const answers = await Promise.all([
      watchlistHit(visitor('  MALLORY ', 'banned')),
      watchlistHit(visitor('Someone', 'Else', ' EVE@example.org')),
      watchlistHit(visitor('Trent', 'Removed')),
      watchlistHit(visitor('Ann', 'Other', 'not-ann@example.org')),
      watchlistHit(visitor('Eve', 'Listed', 'ann@example.org')),
      watchlistHit(visitor('Nobody', 'Listed')),
      watchlistHit(visitor('Mallory', 'Banned')),
    ]);
    expect(answers).toEqual([id(10), id(11), null, id(13), id(13), null, id(10)]);
  });

  it('answers each host of a turn, and undefined for an unknown one', async () => {
    const { hostContact } = visitorLookups(database.db);
    const answers = await Promise.all([
      hostContact(id(20)),
      hostContact(id(21)),
      hostContact(id(99)),
      hostContact(id(20)),
    ]);
    expect(answers).toEqual([
      { name: 'Hannah Host', phone: '+4670000000' },
      { name: 'Henrik Host', phone: null },
      undefined,
      { name: 'Hannah Host', phone: '+4670000000' },
    ]);
  });
});
