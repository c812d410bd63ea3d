/**
 * An access card, keyed by its number: issued to one holder, revoked once. A revoked number
 * may be issued again (to anyone); an active one may not be issued twice.
 */
import type { BiometricCardEvent } from '../../events/biometric/biometric.events.js';
import { DomainError, NotFoundError } from '../domain-error.js';
import { assertNever } from '../decider.js';

export type IssueCard = {
  readonly type: 'IssueCard';
  readonly cardNumber: string;
  readonly facilityCode: number | null;
  readonly holderType: 'employee' | 'visitor';
  readonly holderId: string;
  readonly now: Date;
};

export type RevokeCard = { readonly type: 'RevokeCard'; readonly cardNumber: string; readonly now: Date };

export type CardCommand = IssueCard | RevokeCard;

export type CardState = { readonly status: 'none' | 'active' | 'revoked' };

export const biometricCardDecider = {
  initialState: { status: 'none' } as CardState,
  decide: (command: CardCommand, state: CardState): BiometricCardEvent[] => {
    switch (command.type) {
      case 'IssueCard':
        return issue(command, state);
      case 'RevokeCard':
        return revoke(command, state);
      default:
        return assertNever(command);
    }
  },
  evolve: (_state: CardState, event: BiometricCardEvent): CardState => {
    switch (event.type) {
      case 'BiometricCardIssued':
        return { status: 'active' };
      case 'BiometricCardRevoked':
        return { status: 'revoked' };
      default:
        return assertNever(event);
    }
  },
};

function issue(c: IssueCard, state: CardState): BiometricCardEvent[] {
  if (state.status === 'active')
    throw new DomainError('CARD_ALREADY_ISSUED', 'this card number is already issued');
  const { cardNumber, facilityCode, holderType, holderId } = c;
  return [
    {
      type: 'BiometricCardIssued',
      data: { cardNumber, facilityCode, holderType, holderId, issuedAt: c.now.toISOString() },
    },
  ];
}

function revoke(c: RevokeCard, state: CardState): BiometricCardEvent[] {
  if (state.status === 'none') throw new NotFoundError('there is no card with this number');
  if (state.status === 'revoked') return [];
  return [
    { type: 'BiometricCardRevoked', data: { cardNumber: c.cardNumber, revokedAt: c.now.toISOString() } },
  ];
}
