import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VisitItem } from '../../../src/api/visitors/visitors.schemas.js';
import { usersProjector } from '../../../src/projections/auth/users.projection.js';
import { visitsProjector } from '../../../src/projections/visitors/visits.projection.js';
import type { Page } from '../../../src/queries/pagination.js';
import { getVisit, listActiveVisits, listVisits } from '../../../src/queries/visitors/list-visits.query.js';
import { testDatabase, type TestDatabase } from '../../support/databases.js';
import { projectionFixture, recorded, type ProjectionFixture } from '../../support/projection-fixture.js';

const hostId = '33333333-3333-4333-8333-333333333333';
const unknownHostId = '44444444-4444-4444-8444-444444444444';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const person = (firstName: string, lastName: string, company: string | null = 'Guest Co') => ({
  firstName,
  lastName,
  email: null,
  phone: null,
  company,
});
const checkedIn = (visit: number, visitor: number, details: ReturnType<typeof person>, extra = {}) =>
  recorded(`visit-${id(visit)}`, 'VisitorCheckedIn', {
    visitId: id(visit),
    visitorId: id(visitor),
    visitor: details,
    hostId,
    purpose: 'Review "Q3" \\ 50%',
    expectedDeparture: '2026-03-02T12:00:00.000Z',
    badgeNumber: `V-000${visit}`,
    approvalRequired: false,
    checkedInAt: `2026-03-02T0${visit}:00:00.000Z`,
    ...extra,
  });

/** Visits in every shape a view can take: out after an overstay, pending, denied, erased, unknown host. */
const events = () => [
  checkedIn(1, 101, person('Zoë', 'Ångström')),
  recorded(
    `visit-${id(1)}`,
    'VisitOverstayed',
    {
      visitId: id(1),
      hostId,
      expectedDeparture: '2026-03-02T12:00:00.000Z',
      flaggedAt: '2026-03-02T12:20:00.000Z',
    },
    1n,
  ),
  recorded(
    `visit-${id(1)}`,
    'VisitorCheckedOut',
    {
      visitId: id(1),
      visitorId: id(101),
      checkedInAt: '2026-03-02T01:00:00.000Z',
      checkedOutAt: '2026-03-02T12:35:00.000Z',
      durationMinutes: 695,
    },
    2n,
  ),
  checkedIn(2, 102, person('Olaf', 'O’Brien "Ob" \\', null), {
    approvalRequired: true,
    expectedDeparture: null,
  }),
  recorded(`visit-${id(3)}`, 'VisitorDenied', {
    visitId: id(3),
    visitorId: id(103),
    visitor: person('Mallory', 'Banned'),
    hostId,
    watchlistEntryId: id(900),
    deniedAt: '2026-03-02T03:00:00.000Z',
  }),
  checkedIn(4, 104, person('Erin', 'Erased')),
  recorded(`subjectErasure-${id(104)}`, 'SubjectErased', {
    subjectId: id(104),
    reason: 'retention',
    erasedBy: null,
    erasedAt: '2027-03-02T00:00:00.000Z',
  }),
  checkedIn(5, 105, person('Una', 'Known'), { hostId: unknownHostId }),
];

describe('visit lists: items as the JSON texts the visits model stores', () => {
  let database: TestDatabase;
  let visits: ProjectionFixture;

  beforeAll(async () => {
    database = await testDatabase();
    visits = await projectionFixture(visitsProjector, database);
    const users = await projectionFixture(usersProjector, database);
    await users.apply([
      recorded(`user-${hostId}`, 'UserRegistered', {
        userId: hostId,
        email: 'h@example.org',
        name: 'Hannah "H" Høst',
        phone: null,
        passwordHash: 'x',
        roles: ['employee'],
        departmentId: null,
        registeredAt: '2026-01-01T00:00:00.000Z',
      }),
    ]);
    await visits.apply(events());
  });
  afterAll(async () => database.drop());

  /** Each item parsed, checked against the response schema (no key more or less) and its text valid JSON. */
  const items = (page: Page<string>) => page.items.map((text) => VisitItem.strict().parse(JSON.parse(text)));

  it('answers each visit exactly as its detail shows it, keys and types included', async () => {
    const history = items(await listVisits(database.db, {}));
    expect(history.map((v) => v.visitId)).toEqual([id(5), id(4), id(3), id(2), id(1)]);
    for (const item of history) {
      const { timeline, ...detail } = (await getVisit(database.db, item.visitId))!;
      expect(timeline.length).toBeGreaterThan(0);
      expect(item).toEqual(detail);
    }
    expect(history.find((v) => v.visitId === id(1))).toMatchObject({
      visitorName: 'Zoë Ångström',
      hostName: 'Hannah "H" Høst',
      status: 'checked_out',
      durationMinutes: 695,
      overstayed: true,
    });
    expect(history.find((v) => v.visitId === id(2))).toMatchObject({
      visitorName: 'Olaf O’Brien "Ob" \\',
      company: null,
      purpose: 'Review "Q3" \\ 50%',
      status: 'pending_approval',
      overstayed: false,
      expectedDeparture: null,
    });
    expect(history.find((v) => v.visitId === id(3))).toMatchObject({ status: 'denied', badgeNumber: null });
    expect(history.find((v) => v.visitId === id(4))?.visitorName).not.toContain('Erin');
    expect(history.find((v) => v.visitId === id(5))?.hostName).toBeNull();
  });

  it('pages by cursor and filters the JSON lists as it did the rows', async () => {
    const first = await listVisits(database.db, { limit: 2 });
    const second = await listVisits(database.db, { limit: 2, cursor: first.nextCursor! });
    const third = await listVisits(database.db, { limit: 2, cursor: second.nextCursor! });
    expect([...items(first), ...items(second), ...items(third)].map((v) => v.visitId)).toEqual([
      id(5),
      id(4),
      id(3),
      id(2),
      id(1),
    ]);
    expect(third.nextCursor).toBeNull();
    expect(items(await listVisits(database.db, { q: 'o’brien "OB' })).map((v) => v.visitId)).toEqual([id(2)]);
    expect(items(await listVisits(database.db, { status: 'denied' })).map((v) => v.visitId)).toEqual([id(3)]);
    const onSite = items(await listActiveVisits(database.db, { hostId }));
    expect(onSite.map((v) => v.visitId)).toEqual([id(4), id(2)]);
  });
});

describe('name search: a page from each form of the name, merged', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await testDatabase();
    await projectionFixture(usersProjector, database);
    const visits = await projectionFixture(visitsProjector, database);
    // Hourly visits, newest last: Ada first-name matches, Adams surname matches, one Ada
    // Adamson matching both ways round, and others; every third one is later checked out.
    const names: [string, string][] = [
      ['Ada', 'Lovelace'],
      ['Bert', 'Adams'],
      ['Cleo', 'Other'],
      ['Ada', 'Adamson'],
      ['Dana', 'Adams'],
      ['Ada', 'King'],
      ['Emil', 'None'],
      ['Fay', 'Adair'],
      ['Ada', 'Byron'],
    ];
    await visits.apply(
      names.flatMap(([first, last], i) => {
        const n = i + 1;
        const checkIn = checkedIn(n, 100 + n, person(first, last), {
          checkedInAt: `2026-03-02T${String(n).padStart(2, '0')}:00:00.000Z`,
        });
        if (n % 3 !== 0) return [checkIn];
        const checkOut = recorded(
          `visit-${id(n)}`,
          'VisitorCheckedOut',
          {
            visitId: id(n),
            visitorId: id(100 + n),
            checkedInAt: `2026-03-02T${String(n).padStart(2, '0')}:00:00.000Z`,
            checkedOutAt: '2026-03-02T23:00:00.000Z',
            durationMinutes: 60,
          },
          1n,
        );
        return [checkIn, checkOut];
      }),
    );
  });
  afterAll(async () => database.drop());

  /** Every page of `filter`, `limit` at a time, as visit numbers. */
  async function allPages(filter: Parameters<typeof listVisits>[1]): Promise<number[][]> {
    const pages: number[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listVisits(database.db, { ...filter, ...(cursor === undefined ? {} : { cursor }) });
      pages.push(
        page.items.map((text) => Number((JSON.parse(text) as { visitId: string }).visitId.slice(-12))),
      );
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && pages.length < 10);
    return pages;
  }

  it('pages the matches of both forms newest first, each once, across cursors', async () => {
    // 'ada' starts "ada lovelace", "ada adamson" (and "adamson ada"), "ada king", "ada byron",
    // "adams bert", "adams dana", "adair fay".
    expect(await allPages({ q: 'ada', limit: 3 })).toEqual([[9, 8, 6], [5, 4, 2], [1]]);
    expect(await allPages({ q: 'ADAMS', limit: 2 })).toEqual([[5, 4], [2]]);
    expect(await allPages({ q: 'ada', limit: 50 })).toEqual([[9, 8, 6, 5, 4, 2, 1]]);
  });

  it('applies the other filters inside the search', async () => {
    expect(await allPages({ q: 'ada', status: 'checked_out', limit: 1 })).toEqual([[9], [6]]);
    expect(
      await allPages({
        q: 'ada',
        from: '2026-03-02T02:00:00.000Z',
        to: '2026-03-02T06:00:00.000Z',
        limit: 2,
      }),
    ).toEqual([[5, 4], [2]]);
    expect(await allPages({ q: 'zed', limit: 5 })).toEqual([[]]);
  });
});
