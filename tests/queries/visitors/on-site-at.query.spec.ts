import { afterAll, beforeAll, expect, it } from 'vitest';
import { visitsProjector } from '../../../src/projections/visitors/visits.projection.js';
import { visitorsOnSiteAt } from '../../../src/queries/visitors/on-site-at.query.js';
import { projectionFixture, type ProjectionFixture } from '../../support/projection-fixture.js';

let f: ProjectionFixture;
beforeAll(async () => {
  f = await projectionFixture(visitsProjector);
  const visit = (id: string, inAt: string | null, outAt: string | null) => ({
    visit_id: id,
    visitor_id: id,
    visitor_name: 'V',
    name_key: 'v',
    surname_key: 'v',
    host_id: 'h',
    purpose: 'p',
    status: outAt !== null ? 'checked_out' : inAt !== null ? 'checked_in' : 'invited',
    checked_in_at: inAt,
    checked_out_at: outAt,
    sort_at: inAt ?? '2026-01-01T00:00:00.000Z',
    last_position: 1,
  });
  await f
    .db('visits')
    .insert([
      visit('a', '2026-03-01T08:00:00.000Z', '2026-03-01T12:00:00.000Z'),
      visit('b', '2026-03-01T09:30:00.000Z', null),
      visit('c', '2026-03-01T11:00:00.000Z', null),
      visit('d', null, null),
    ]);
});
afterAll(async () => {
  await f.cleanup();
});

it('counts the visitors checked in and not yet out at an instant', async () => {
  expect(await visitorsOnSiteAt(f.db, new Date('2026-03-01T07:00:00Z'))).toBe(0);
  expect(await visitorsOnSiteAt(f.db, new Date('2026-03-01T10:00:00Z'))).toBe(2);
  expect(await visitorsOnSiteAt(f.db, new Date('2026-03-01T11:30:00Z'))).toBe(3);
  expect(await visitorsOnSiteAt(f.db, new Date('2026-03-01T12:00:00Z'))).toBe(2);
});
