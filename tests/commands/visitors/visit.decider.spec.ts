import { describe, it } from 'vitest';
import { visitDecider, type CheckInVisitor } from '../../../src/commands/visitors/visit.decider.js';
import type { VisitEvent } from '../../../src/events/visitors/visit.events.js';
import { deciderSpec } from '../../support/decider-spec.js';

const spec = deciderSpec(visitDecider);
const visitId = '11111111-1111-4111-8111-111111111111';
const visitorId = '22222222-2222-4222-8222-222222222222';
const hostId = '33333333-3333-4333-8333-333333333333';
const otherId = '44444444-4444-4444-8444-444444444444';
const entryId = '55555555-5555-4555-8555-555555555555';
const visitor = { firstName: 'Vera', lastName: 'Visitor', email: null, phone: null, company: 'Guest Co' };
const at = (iso: string) => new Date(iso);
const host = { id: hostId, anyHost: false };
const security = { id: otherId, anyHost: true };

const invited = {
  type: 'VisitorInvited' as const,
  data: {
    visitId,
    visitorId,
    visitor,
    hostId,
    purpose: 'Review',
    expectedArrival: '2026-03-02T09:00:00.000Z',
    expectedDeparture: '2026-03-02T12:00:00.000Z',
    invitedAt: '2026-03-01T10:00:00.000Z',
  },
};
const checkedIn = (
  approvalRequired: boolean,
  expectedDeparture: string | null = '2026-03-02T12:00:00.000Z',
): VisitEvent => ({
  type: 'VisitorCheckedIn',
  data: {
    visitId,
    visitorId,
    visitor,
    hostId,
    purpose: 'Review',
    expectedDeparture,
    badgeNumber: 'V-0001',
    approvalRequired,
    checkedInAt: '2026-03-02T09:05:00.000Z',
  },
});
const checkIn = (overrides: Partial<CheckInVisitor> = {}): CheckInVisitor => ({
  type: 'CheckInVisitor',
  visitId,
  visitorId: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
  visitor,
  hostId: otherId,
  purpose: 'Kiosk form',
  expectedDeparture: null,
  badgeNumber: 'V-0001',
  watchlistEntryId: null,
  now: at('2026-03-02T09:05:00Z'),
  ...overrides,
});

describe('visit decider', () => {
  it('invites a visitor', () => {
    const { invitedAt: _x, ...data } = invited.data;
    spec
      .given([])
      .when({ type: 'InviteVisitor', ...data, now: at('2026-03-01T10:00:00Z') })
      .then([invited]);
  });

  it('refuses a departure before the arrival, and a second invitation on one visit', () => {
    const d = invited.data;
    const command = { type: 'InviteVisitor' as const, ...d, now: at('2026-03-01T10:00:00Z') };
    spec
      .given([])
      .when({ ...command, expectedDeparture: '2026-03-01T00:00:00.000Z' })
      .thenThrows('DEPARTURE_BEFORE_ARRIVAL');
    spec.given([invited]).when(command).thenThrows('VISIT_EXISTS');
  });

  it('checks an invited visitor in with the invitation’s host, purpose and departure', () => {
    spec
      .given([invited])
      .when(checkIn())
      .then([checkedIn(false)]);
  });

  it('makes a walk-in wait for approval', () => {
    spec
      .given([])
      .when(checkIn({ visitorId, hostId, purpose: 'Review', expectedDeparture: '2026-03-02T12:00:00.000Z' }))
      .then([checkedIn(true)]);
  });

  it('denies a watch-listed visitor instead of checking them in', () => {
    spec
      .given([invited])
      .when(checkIn({ watchlistEntryId: entryId }))
      .then([
        {
          type: 'VisitorDenied',
          data: {
            visitId,
            visitorId,
            visitor,
            hostId,
            watchlistEntryId: entryId,
            deniedAt: '2026-03-02T09:05:00.000Z',
          },
        },
      ]);
  });

  it('refuses a second check-in', () => {
    spec
      .given([invited, checkedIn(false)])
      .when(checkIn())
      .thenThrows('VISIT_ALREADY_STARTED');
  });

  it('lets the host or security approve a pending walk-in, nobody else; approving twice changes nothing', () => {
    const now = at('2026-03-02T09:10:00Z');
    spec
      .given([checkedIn(true)])
      .when({ type: 'ApproveVisit', actor: host, now })
      .then([
        { type: 'VisitApproved', data: { visitId, approvedBy: hostId, approvedAt: now.toISOString() } },
      ]);
    spec
      .given([checkedIn(true)])
      .when({ type: 'ApproveVisit', actor: { id: otherId, anyHost: false }, now })
      .thenThrows('NOT_VISIT_HOST');
    spec
      .given([checkedIn(false)])
      .when({ type: 'ApproveVisit', actor: security, now })
      .thenNothing();
    spec.given([]).when({ type: 'ApproveVisit', actor: security, now }).thenThrows('NOT_FOUND');
  });

  it('rejects a pending walk-in; an approved visit cannot be rejected', () => {
    const now = at('2026-03-02T09:10:00Z');
    spec
      .given([checkedIn(true)])
      .when({ type: 'RejectVisit', actor: host, reason: 'No', now })
      .then([
        {
          type: 'VisitRejected',
          data: { visitId, reason: 'No', rejectedBy: hostId, rejectedAt: now.toISOString() },
        },
      ]);
    spec
      .given([checkedIn(false)])
      .when({ type: 'RejectVisit', actor: host, reason: 'No', now })
      .thenThrows('VISIT_NOT_PENDING');
  });

  it('checks out with the duration in whole minutes; not on site → VISIT_NOT_ACTIVE', () => {
    const now = at('2026-03-02T11:35:59Z');
    spec
      .given([checkedIn(false)])
      .when({ type: 'CheckOutVisitor', actor: security, now })
      .then([
        {
          type: 'VisitorCheckedOut',
          data: {
            visitId,
            visitorId,
            checkedInAt: '2026-03-02T09:05:00.000Z',
            checkedOutAt: now.toISOString(),
            durationMinutes: 150,
          },
        },
      ]);
    spec
      .given([checkedIn(true)])
      .when({ type: 'CheckOutVisitor', actor: security, now })
      .thenThrows('VISIT_NOT_ACTIVE');
    spec
      .given([invited])
      .when({ type: 'CheckOutVisitor', actor: security, now })
      .thenThrows('VISIT_NOT_ACTIVE');
    spec
      .given([checkedIn(false)])
      .when({ type: 'CheckOutVisitor', actor: { id: otherId, anyHost: false }, now })
      .thenThrows('NOT_VISIT_HOST');
  });

  it('flags an overstay once, only past departure plus grace', () => {
    const flag = (iso: string) => ({ type: 'FlagOverstay' as const, graceMinutes: 15, now: at(iso) });
    spec
      .given([checkedIn(false)])
      .when(flag('2026-03-02T12:15:00Z'))
      .thenNothing();
    const overstayed: VisitEvent = {
      type: 'VisitOverstayed',
      data: {
        visitId,
        hostId,
        expectedDeparture: '2026-03-02T12:00:00.000Z',
        flaggedAt: '2026-03-02T12:16:00.000Z',
      },
    };
    spec
      .given([checkedIn(false)])
      .when(flag('2026-03-02T12:16:00Z'))
      .then([overstayed]);
    spec
      .given([checkedIn(false), overstayed])
      .when(flag('2026-03-02T13:00:00Z'))
      .thenNothing();
    spec
      .given([checkedIn(false, null)])
      .when(flag('2026-03-03T00:00:00Z'))
      .thenNothing();
  });

  it('expires an unused invitation only after its departure day', () => {
    spec
      .given([invited])
      .when({ type: 'ExpireInvitation', now: at('2026-03-02T23:59:59Z') })
      .thenNothing();
    spec
      .given([invited])
      .when({ type: 'ExpireInvitation', now: at('2026-03-03T00:00:00Z') })
      .then([{ type: 'InvitationExpired', data: { visitId, expiredAt: '2026-03-03T00:00:00.000Z' } }]);
    spec
      .given([invited, checkedIn(false)])
      .when({ type: 'ExpireInvitation', now: at('2026-03-04T00:00:00Z') })
      .thenNothing();
  });
});
