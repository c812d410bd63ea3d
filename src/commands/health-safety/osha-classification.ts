/**
 * OSHA 1904 classification rules: a recordable case has one outcome, the most serious of
 * what happened (death > days away > restriction/transfer > other recordable), and its day
 * counts are capped at 180.
 */
import type { OshaOutcome } from '../../events/health-safety/incident.events.js';
import { DomainError } from '../domain-error.js';

export const DAY_CAP = 180;

const RANK: Readonly<Record<OshaOutcome, number>> = {
  death: 4,
  days_away: 3,
  restricted: 2,
  other_recordable: 1,
  not_recordable: 0,
};

export type ClassificationInput = {
  readonly recordable: boolean;
  readonly outcome: OshaOutcome;
  readonly daysAway: number;
  readonly daysRestricted: number;
};

/** The single most serious outcome the input supports, with day counts capped. */
export function classify(input: ClassificationInput): {
  outcome: OshaOutcome;
  daysAway: number;
  daysRestricted: number;
} {
  const daysAway = Math.min(Math.max(input.daysAway, 0), DAY_CAP);
  const daysRestricted = Math.min(Math.max(input.daysRestricted, 0), DAY_CAP);
  if (!input.recordable) {
    if (input.outcome !== 'not_recordable' || daysAway > 0 || daysRestricted > 0)
      throw new DomainError(
        'CLASSIFICATION_INCONSISTENT',
        'a case that is not recordable has no outcome or days',
      );
    return { outcome: 'not_recordable', daysAway: 0, daysRestricted: 0 };
  }
  if (input.outcome === 'not_recordable')
    throw new DomainError('CLASSIFICATION_INCONSISTENT', 'a recordable case needs a recordable outcome');
  const implied: OshaOutcome[] = [input.outcome];
  if (daysAway > 0) implied.push('days_away');
  if (daysRestricted > 0) implied.push('restricted');
  const outcome = implied.reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
  return { outcome, daysAway, daysRestricted };
}

export function isDart(outcome: OshaOutcome): boolean {
  return outcome === 'days_away' || outcome === 'restricted';
}
