import { afterEach, describe, expect, it } from 'vitest';
import { ERASED } from '../../../src/events/envelope.js';
import { visitsProjector } from '../../../src/projections/visitors/visits.projection.js';
import { visitStatsProjector } from '../../../src/projections/visitors/visit-stats.projection.js';
import { visitorNotificationsProjector } from '../../../src/projections/visitors/visitor-notifications.projection.js';
import { visitorWatchlistProjector } from '../../../src/projections/visitors/visitor-watchlist.projection.js';
import {
  oneByOneAndBatched,
  projectionFixture,
  recorded,
  type ProjectionFixture,
} from '../../support/projection-fixture.js';

const visitId = '11111111-1111-4111-8111-111111111111';
const walkInId = '66666666-6666-4666-8666-666666666666';
const visitorId = '22222222-2222-4222-8222-222222222222';
const hostId = '33333333-3333-4333-8333-333333333333';
const visitor = {
  firstName: 'Zoë',
  lastName: 'Ångström',
  email: 'z@example.org',
  phone: null,
  company: 'Guest Co',
};
const stream = `visit-${visitId}`;

const history = () => [
  recorded(
    stream,
    'VisitorInvited',
    {
      visitId,
      visitorId,
      visitor,
      hostId,
      purpose: 'Review',
      expectedArrival: '2026-03-02T09:00:00.000Z',
      expectedDeparture: '2026-03-02T12:00:00.000Z',
      invitedAt: '2026-03-01T10:00:00.000Z',
    },
    0n,
  ),
  recorded(
    stream,
    'VisitorCheckedIn',
    {
      visitId,
      visitorId,
      visitor,
      hostId,
      purpose: 'Review',
      expectedDeparture: '2026-03-02T12:00:00.000Z',
      badgeNumber: 'V-0001',
      approvalRequired: false,
      checkedInAt: '2026-03-02T09:05:00.000Z',
    },
    1n,
  ),
  recorded(`visitNotification-x`, 'HostNotified', {
    notificationId: '77777777-7777-4777-8777-777777777777',
    visitId,
    visitorId,
    kind: 'arrival',
    recipient: hostId,
    channel: 'outbox',
    message: 'Zoë is here',
    attempts: 1,
    at: '2026-03-02T09:05:01.000Z',
    providerMessageId: null,
  }),
  recorded(
    stream,
    'VisitOverstayed',
    { visitId, hostId, expectedDeparture: '2026-03-02T12:00:00.000Z', flaggedAt: '2026-03-02T12:20:00.000Z' },
    2n,
  ),
  recorded(
    stream,
    'VisitorCheckedOut',
    {
      visitId,
      visitorId,
      checkedInAt: '2026-03-02T09:05:00.000Z',
      checkedOutAt: '2026-03-02T12:35:00.000Z',
      durationMinutes: 210,
    },
    3n,
  ),
  recorded(
    `visit-${walkInId}`,
    'VisitorCheckedIn',
    {
      visitId: walkInId,
      visitorId,
      visitor,
      hostId,
      purpose: 'Walk-in',
      expectedDeparture: null,
      badgeNumber: 'V-0002',
      approvalRequired: true,
      checkedInAt: '2026-03-02T10:30:00.000Z',
    },
    0n,
  ),
];

describe('visits projection', () => {
  let fixture: ProjectionFixture;
  afterEach(async () => fixture.cleanup());

  it('builds one row per visit with its timeline; applying the same events twice changes nothing', async () => {
    fixture = await projectionFixture(visitsProjector);
    const events = history();
    await fixture.apply(events);
    const once = {
      visits: await fixture.db('visits').orderBy('visit_id'),
      timeline: await fixture.db('visit_timeline').orderBy('position'),
    };
    await fixture.apply(events);
    expect({
      visits: await fixture.db('visits').orderBy('visit_id'),
      timeline: await fixture.db('visit_timeline').orderBy('position'),
    }).toEqual(once);

    const row = once.visits.find((v: { visit_id: string }) => v.visit_id === visitId);
    expect(row).toMatchObject({
      status: 'checked_out',
      visitor_name: 'Zoë Ångström',
      name_key: 'zoe angstrom',
      surname_key: 'angstrom zoe',
      duration_minutes: 210,
      badge_number: 'V-0001',
      sort_at: '2026-03-02T09:05:00.000Z',
    });
    expect(Boolean(row.overstayed)).toBe(true);
    expect(once.visits.find((v: { visit_id: string }) => v.visit_id === walkInId)).toMatchObject({
      status: 'pending_approval',
    });
    expect(
      once.timeline
        .filter((t: { visit_id: string }) => t.visit_id === visitId)
        .map((t: { type: string }) => t.type),
    ).toEqual(['VisitorInvited', 'VisitorCheckedIn', 'HostNotified', 'VisitOverstayed', 'VisitorCheckedOut']);
  });

  it('never rolls a status back when an earlier event arrives again after a later one', async () => {
    fixture = await projectionFixture(visitsProjector);
    const events = history();
    await fixture.apply(events);
    await fixture.apply([events[1]!]);
    expect(await fixture.db('visits').where({ visit_id: visitId }).first()).toMatchObject({
      status: 'checked_out',
    });
  });

  it('scrubs the visitor’s name and company on SubjectErased, keeping the visit', async () => {
    fixture = await projectionFixture(visitsProjector);
    await fixture.apply([
      ...history(),
      recorded(`subjectErasure-${visitorId}`, 'SubjectErased', {
        subjectId: visitorId,
        reason: 'retention',
        erasedBy: null,
        erasedAt: '2027-03-02T00:00:00.000Z',
      }),
    ]);
    const rows = await fixture.db('visits');
    expect(rows).toHaveLength(2);
    for (const row of rows)
      expect(row).toMatchObject({ visitor_name: ERASED, name_key: ERASED, company: ERASED });
    expect(rows.find((r: { visit_id: string }) => r.visit_id === visitId)).toMatchObject({
      duration_minutes: 210,
    });
  });
});

describe('visits projection, batched', () => {
  it('writes the same rows and timeline from a batch, erasure included, as one event at a time', async () => {
    const events = [
      ...history(),
      recorded(`subjectErasure-${visitorId}`, 'SubjectErased', {
        subjectId: visitorId,
        reason: 'retention',
        erasedBy: null,
        erasedAt: '2027-03-02T00:00:00.000Z',
      }),
      recorded(
        `visit-${walkInId}`,
        'VisitApproved',
        { visitId: walkInId, approvedAt: '2027-03-03T00:00:00.000Z' },
        1n,
      ),
    ];
    const { oneByOne, batched } = await oneByOneAndBatched(visitsProjector, events);
    expect(batched).toEqual(oneByOne);
    expect(oneByOne.visits).toHaveLength(2);
    expect(oneByOne.visit_timeline).toHaveLength(7);
  });
});

describe('visit statistics projection', () => {
  let fixture: ProjectionFixture;
  afterEach(async () => fixture.cleanup());

  it('counts visits, unique visitors, durations and check-ins per hour once, even when replayed', async () => {
    fixture = await projectionFixture(visitStatsProjector);
    const events = history();
    await fixture.apply(events);
    await fixture.apply(events);
    // bigint columns read as strings on MariaDB, numbers on SQLite.
    const days = await fixture.db<Record<string, unknown>>('visit_daily_stats');
    expect(
      days.map((d) => ({ ...d, total_duration_minutes: Number(d.total_duration_minutes), last_position: 0 })),
    ).toEqual([
      { day: '2026-03-02', visits: 2, checked_out: 1, total_duration_minutes: 210, last_position: 0 },
    ]);
    const hours = await fixture.db('visit_hourly_checkins').orderBy('hour').select('hour', 'checkins');
    expect(hours).toEqual([
      { hour: 9, checkins: 1 },
      { hour: 10, checkins: 1 },
    ]);
    expect(await fixture.db('visit_daily_visitors')).toHaveLength(1);
  });

  it('sums a batch in memory to the same rows as one event at a time', async () => {
    const { oneByOne, batched } = await oneByOneAndBatched(visitStatsProjector, history());
    expect(batched).toEqual(oneByOne);
    expect(oneByOne.visit_hourly_checkins).toHaveLength(2);
  });
});

describe('watch-list and notifications projections', () => {
  let fixture: ProjectionFixture;
  afterEach(async () => fixture.cleanup());

  it('keeps watch-list entries with normalised keys; removal deactivates; replay changes nothing', async () => {
    fixture = await projectionFixture(visitorWatchlistProjector);
    const entryId = '88888888-8888-4888-8888-888888888888';
    const events = [
      recorded(`watchlistEntry-${entryId}`, 'WatchlistEntryAdded', {
        entryId,
        firstName: 'Mallory',
        lastName: ' Banned',
        email: 'M@Evil.example',
        reason: 'r',
        addedBy: 'u',
        addedAt: '2026-03-01T00:00:00.000Z',
      }),
      recorded(
        `watchlistEntry-${entryId}`,
        'WatchlistEntryRemoved',
        { entryId, removedBy: 'u', removedAt: '2026-03-02T00:00:00.000Z' },
        1n,
      ),
    ];
    await fixture.apply(events);
    await fixture.apply(events);
    const rows = await fixture.db('visitor_watchlist');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name_key: 'mallory banned', email_key: 'm@evil.example' });
    expect(Boolean(rows[0].active)).toBe(false);
  });

  it('lists each delivery once and scrubs its message when the visitor is erased', async () => {
    fixture = await projectionFixture(visitorNotificationsProjector);
    const events = history();
    await fixture.apply(events);
    await fixture.apply(events);
    expect(await fixture.db('visitor_notifications')).toEqual([
      expect.objectContaining({ kind: 'arrival', status: 'sent', message: 'Zoë is here' }),
    ]);
    await fixture.apply([
      recorded('subjectErasure-x', 'SubjectErased', {
        subjectId: visitorId,
        reason: 'r',
        erasedBy: null,
        erasedAt: '2027-01-01T00:00:00.000Z',
      }),
    ]);
    expect(await fixture.db('visitor_notifications')).toEqual([expect.objectContaining({ message: ERASED })]);
  });

  it('writes the same deliveries from a batch, erasure included, as one event at a time', async () => {
    const erased = recorded('subjectErasure-x', 'SubjectErased', {
      subjectId: visitorId,
      reason: 'r',
      erasedBy: null,
      erasedAt: '2027-01-01T00:00:00.000Z',
    });
    const later = recorded('visitNotification-y', 'NotificationFailed', {
      notificationId: '88888888-8888-4888-8888-888888888888',
      visitId,
      visitorId,
      kind: 'overstay',
      recipient: hostId,
      channel: 'sms',
      message: 'still here',
      attempts: 3,
      at: '2027-01-02T00:00:00.000Z',
      error: 'timeout',
    });
    const { oneByOne, batched } = await oneByOneAndBatched(visitorNotificationsProjector, [
      ...history(),
      erased,
      later,
    ]);
    expect(batched).toEqual(oneByOne);
    expect(oneByOne.visitor_notifications).toHaveLength(2);
  });
});
