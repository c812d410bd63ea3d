import { describe, it } from 'vitest';
import { biometricCardDecider } from '../../../src/commands/biometric/biometric-card.decider.js';
import type { BiometricCardEvent } from '../../../src/events/biometric/biometric.events.js';
import { deciderSpec } from '../../support/decider-spec.js';

const spec = deciderSpec(biometricCardDecider);
const now = new Date('2026-03-01T08:00:00.000Z');
const holderId = '11111111-1111-4111-8111-111111111111';
const issue = {
  type: 'IssueCard',
  cardNumber: '4242',
  facilityCode: 7,
  holderType: 'employee',
  holderId,
  now,
} as const;
const issued: BiometricCardEvent = {
  type: 'BiometricCardIssued',
  data: {
    cardNumber: '4242',
    facilityCode: 7,
    holderType: 'employee',
    holderId,
    issuedAt: now.toISOString(),
  },
};
const revoked: BiometricCardEvent = {
  type: 'BiometricCardRevoked',
  data: { cardNumber: '4242', revokedAt: now.toISOString() },
};
const revoke = { type: 'RevokeCard', cardNumber: '4242', now } as const;

describe('card decider', () => {
  it('issues a new card', () => spec.given([]).when(issue).then([issued]));
  it('refuses to issue an active card again', () =>
    spec.given([issued]).when(issue).thenThrows('CARD_ALREADY_ISSUED'));
  it('issues a revoked number again', () => spec.given([issued, revoked]).when(issue).then([issued]));
  it('revokes an active card', () => spec.given([issued]).when(revoke).then([revoked]));
  it('revoking twice changes nothing', () => spec.given([issued, revoked]).when(revoke).thenNothing());
  it('cannot revoke an unknown card', () => spec.given([]).when(revoke).thenThrows('NOT_FOUND'));
});
