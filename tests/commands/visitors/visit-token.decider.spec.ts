import { describe, expect, it } from 'vitest';
import { checkToken, visitTokenDecider } from '../../../src/commands/visitors/visit-token.decider.js';
import {
  badgeDay,
  badgeNumberDecider,
  formatBadgeNumber,
} from '../../../src/commands/visitors/badge-number.decider.js';
import { watchlistDecider } from '../../../src/commands/visitors/watchlist.decider.js';
import { notificationDecider } from '../../../src/commands/visitors/notification.decider.js';
import type { VisitTokenEvent } from '../../../src/events/visitors/visit.events.js';
import { fold } from '../../../src/commands/decider.js';
import { deciderSpec } from '../../support/decider-spec.js';

const tokenHash = 'a'.repeat(64);
const visitId = '11111111-1111-4111-8111-111111111111';
const issued: VisitTokenEvent = {
  type: 'VisitTokenIssued',
  data: {
    tokenHash,
    kind: 'walk_in',
    visitId: null,
    validFrom: '2026-03-02T09:00:00.000Z',
    validUntil: '2026-03-02T09:15:00.000Z',
    issuedAt: '2026-03-02T09:00:00.000Z',
  },
};
const use = (iso: string) => ({ type: 'UseVisitToken' as const, tokenHash, visitId, now: new Date(iso) });
const revoke = (iso: string) => ({ type: 'RevokeVisitToken' as const, tokenHash, now: new Date(iso) });

describe('visit token decider', () => {
  const spec = deciderSpec(visitTokenDecider);

  it('issues a token once', () => {
    const command = {
      type: 'IssueVisitToken' as const,
      tokenHash,
      kind: 'walk_in' as const,
      visitId: null,
      validFrom: new Date('2026-03-02T09:00:00Z'),
      validUntil: new Date('2026-03-02T09:15:00Z'),
      now: new Date('2026-03-02T09:00:00Z'),
    };
    spec.given([]).when(command).then([issued]);
    spec.given([issued]).when(command).thenThrows('TOKEN_EXISTS');
  });

  it('is used once, inside its window', () => {
    spec
      .given([issued])
      .when(use('2026-03-02T09:14:59Z'))
      .then([{ type: 'VisitTokenUsed', data: { tokenHash, visitId, usedAt: '2026-03-02T09:14:59.000Z' } }]);
    const used: VisitTokenEvent = {
      type: 'VisitTokenUsed',
      data: { tokenHash, visitId, usedAt: '2026-03-02T09:10:00.000Z' },
    };
    spec.given([issued, used]).when(use('2026-03-02T09:11:00Z')).thenThrows('TOKEN_USED');
    spec.given([issued]).when(use('2026-03-02T09:15:01Z')).thenThrows('TOKEN_EXPIRED');
    spec.given([issued]).when(use('2026-03-02T08:59:00Z')).thenThrows('TOKEN_NOT_YET_VALID');
    spec.given([]).when(use('2026-03-02T09:01:00Z')).thenThrows('TOKEN_UNKNOWN');
  });

  it('revokes an unused token; a revoked token is refused', () => {
    const revoked: VisitTokenEvent = {
      type: 'VisitTokenRevoked',
      data: { tokenHash, revokedAt: '2026-03-02T09:01:00.000Z' },
    };
    spec.given([issued]).when(revoke('2026-03-02T09:01:00Z')).then([revoked]);
    spec.given([issued, revoked]).when(use('2026-03-02T09:02:00Z')).thenThrows('TOKEN_REVOKED');
    expect(checkToken(fold(visitTokenDecider, [issued, revoked]), new Date('2026-03-02T09:02:00Z'))).toBe(
      'revoked',
    );
  });

  it('revokes once: again changes nothing; a used or unknown token is refused; an expired one is revoked', () => {
    const revoked: VisitTokenEvent = {
      type: 'VisitTokenRevoked',
      data: { tokenHash, revokedAt: '2026-03-02T09:01:00.000Z' },
    };
    const used: VisitTokenEvent = {
      type: 'VisitTokenUsed',
      data: { tokenHash, visitId, usedAt: '2026-03-02T09:01:00.000Z' },
    };
    spec.given([issued, revoked]).when(revoke('2026-03-02T09:05:00Z')).thenNothing();
    spec.given([issued, used]).when(revoke('2026-03-02T09:05:00Z')).thenThrows('TOKEN_USED');
    spec.given([]).when(revoke('2026-03-02T09:05:00Z')).thenThrows('TOKEN_UNKNOWN');
    spec
      .given([issued])
      .when(revoke('2026-03-02T10:00:00Z'))
      .then([{ type: 'VisitTokenRevoked', data: { tokenHash, revokedAt: '2026-03-02T10:00:00.000Z' } }]);
  });
});

describe('badge numbers', () => {
  it('takes the shard’s next sequence', () => {
    deciderSpec(badgeNumberDecider)
      .given([{ type: 'BadgeNumberAssigned', data: { day: '20260302', shard: 3, sequence: 41, visitId } }])
      .when({ type: 'AssignBadgeNumber', day: '20260302', shard: 3, visitId })
      .then([{ type: 'BadgeNumberAssigned', data: { day: '20260302', shard: 3, sequence: 42, visitId } }]);
    expect(formatBadgeNumber(3, 42)).toBe('V-30042');
    expect(badgeDay(new Date('2026-03-02T23:59:59Z'))).toBe('20260302');
  });
});

describe('watch list and notification records', () => {
  it('adds and removes an entry; removing twice changes nothing; unknown → 404', () => {
    const now = new Date('2026-03-02T09:00:00Z');
    const spec = deciderSpec(watchlistDecider);
    spec
      .given([])
      .when({
        type: 'AddToWatchlist',
        entryId: visitId,
        firstName: 'M',
        lastName: 'B',
        email: null,
        reason: 'r',
        actorId: 'u',
        now,
      })
      .then([
        {
          type: 'WatchlistEntryAdded',
          data: {
            entryId: visitId,
            firstName: 'M',
            lastName: 'B',
            email: null,
            reason: 'r',
            addedBy: 'u',
            addedAt: now.toISOString(),
          },
        },
      ]);
    const removed = {
      type: 'WatchlistEntryRemoved' as const,
      data: { entryId: visitId, removedBy: 'u', removedAt: now.toISOString() },
    };
    spec
      .given([])
      .when({ type: 'RemoveFromWatchlist', entryId: visitId, actorId: 'u', now })
      .thenThrows('NOT_FOUND');
    spec
      .given([removed])
      .when({ type: 'RemoveFromWatchlist', entryId: visitId, actorId: 'u', now })
      .thenNothing();
  });

  it('records a failed delivery as NotificationFailed with the error, a good one as HostNotified', () => {
    const base = {
      type: 'RecordDelivery' as const,
      notificationId: visitId,
      visitId,
      visitorId: visitId,
      kind: 'arrival' as const,
      recipient: 'h',
      channel: 'sns' as const,
      message: 'hi',
      attempts: 3,
      now: new Date('2026-03-02T09:00:00Z'),
    };
    const at = '2026-03-02T09:00:00.000Z';
    const { type: _t, outcome: _o, now: _n, ...data } = { ...base, outcome: null };
    const spec = deciderSpec(notificationDecider);
    spec
      .given([])
      .when({ ...base, outcome: { ok: false, error: 'TimeoutError' } })
      .then([{ type: 'NotificationFailed', data: { ...data, at, error: 'TimeoutError' } }]);
    spec
      .given([])
      .when({ ...base, outcome: { ok: true, providerMessageId: 'm-1' } })
      .then([{ type: 'HostNotified', data: { ...data, at, providerMessageId: 'm-1' } }]);
  });
});
