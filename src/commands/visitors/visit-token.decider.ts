/**
 * A check-in token, on a stream named by its hash. Using it appends VisitTokenUsed at the
 * revision read, so of two check-ins racing on one token the store lets exactly one through;
 * the loser re-reads, finds it used and is refused (DOMAIN.md: single use, atomically).
 * Revoking appends VisitTokenRevoked the same way, so a revocation racing a check-in also
 * ends with one winner: the token is either used or revoked, and the other side is refused.
 */
import type { VisitTokenEvent } from '../../events/visitors/visit.events.js';
import { assertNever, type Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';

export type VisitTokenCommand =
  | {
      readonly type: 'IssueVisitToken';
      readonly tokenHash: string;
      readonly kind: 'invitation' | 'walk_in';
      readonly visitId: string | null;
      readonly validFrom: Date;
      readonly validUntil: Date;
      readonly now: Date;
    }
  | {
      readonly type: 'UseVisitToken';
      readonly tokenHash: string;
      readonly visitId: string;
      readonly now: Date;
    }
  | { readonly type: 'RevokeVisitToken'; readonly tokenHash: string; readonly now: Date };

export type VisitTokenState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'issued' | 'used' | 'revoked';
      readonly kind: 'invitation' | 'walk_in';
      /** The invitation's visit; once used, the visit it was used for (a walk-in's too). */
      readonly visitId: string | null;
      readonly usedAt?: string;
      readonly validFrom: string;
      readonly validUntil: string;
    };

export type TokenCheck = 'valid' | 'unknown' | 'used' | 'expired' | 'revoked' | 'not_yet_valid';

export function checkToken(state: VisitTokenState, now: Date): TokenCheck {
  if (state.status === 'absent') return 'unknown';
  if (state.status === 'used') return 'used';
  if (state.status === 'revoked') return 'revoked';
  if (now.getTime() > Date.parse(state.validUntil)) return 'expired';
  if (now.getTime() < Date.parse(state.validFrom)) return 'not_yet_valid';
  return 'valid';
}

const REFUSALS: Record<Exclude<TokenCheck, 'valid'>, [string, string]> = {
  unknown: ['TOKEN_UNKNOWN', 'this token is not known'],
  used: ['TOKEN_USED', 'this token has already been used'],
  expired: ['TOKEN_EXPIRED', 'this token has expired'],
  revoked: ['TOKEN_REVOKED', 'this token has been revoked'],
  not_yet_valid: ['TOKEN_NOT_YET_VALID', 'this token is not valid yet'],
};

const refusal = (check: Exclude<TokenCheck, 'valid'>) => new DomainError(...REFUSALS[check]);

export const visitTokenDecider: Decider<VisitTokenCommand, VisitTokenState, VisitTokenEvent> = {
  initialState: { status: 'absent' },
  decide: (command, state) => {
    switch (command.type) {
      case 'IssueVisitToken': {
        if (state.status !== 'absent') throw new DomainError('TOKEN_EXISTS', 'this token already exists');
        const { tokenHash, kind, visitId, validFrom, validUntil, now } = command;
        const data = {
          tokenHash,
          kind,
          visitId,
          validFrom: validFrom.toISOString(),
          validUntil: validUntil.toISOString(),
          issuedAt: now.toISOString(),
        };
        return [{ type: 'VisitTokenIssued', data }];
      }
      case 'UseVisitToken': {
        const check = checkToken(state, command.now);
        if (check !== 'valid') throw refusal(check);
        const { tokenHash, visitId, now } = command;
        return [{ type: 'VisitTokenUsed', data: { tokenHash, visitId, usedAt: now.toISOString() } }];
      }
      case 'RevokeVisitToken': {
        if (state.status === 'absent') throw refusal('unknown');
        if (state.status === 'used') throw refusal('used');
        if (state.status === 'revoked') return [];
        // An expired token is revoked too: it then answers `revoked` rather than `expired`.
        const data = { tokenHash: command.tokenHash, revokedAt: command.now.toISOString() };
        return [{ type: 'VisitTokenRevoked', data }];
      }
      default:
        return assertNever(command);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'VisitTokenIssued': {
        const { kind, visitId, validFrom, validUntil } = event.data;
        return { status: 'issued', kind, visitId, validFrom, validUntil };
      }
      case 'VisitTokenUsed':
        return state.status === 'absent'
          ? state
          : { ...state, status: 'used', visitId: event.data.visitId, usedAt: event.data.usedAt };
      case 'VisitTokenRevoked':
        return state.status === 'absent' ? state : { ...state, status: 'revoked' };
      default:
        return assertNever(event);
    }
  },
};
