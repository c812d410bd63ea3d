/** Hazards: identified with an initial assessment, reassessed for residual risk after controls. */
import type { CONTROL_TYPES, HazardEvent, RISK_LEVELS } from '../../events/health-safety/hazard.events.js';
import type { Decider } from '../decider.js';
import { DomainError, NotFoundError } from '../domain-error.js';

type RiskLevel = (typeof RISK_LEVELS)[number];
type Control = { readonly type: (typeof CONTROL_TYPES)[number]; readonly description: string };
type Identified = Extract<HazardEvent, { type: 'HazardIdentified' }>['data'];

/** Score = likelihood × severity; bands 1–4 low, 5–9 medium, 10–16 high, 20–25 extreme (DOMAIN.md). */
export function riskAssessment(likelihood: number, severity: number) {
  if (
    !Number.isInteger(likelihood) ||
    !Number.isInteger(severity) ||
    likelihood < 1 ||
    likelihood > 5 ||
    severity < 1 ||
    severity > 5
  )
    throw new DomainError('INVALID_RISK_RATING', 'likelihood and severity are whole numbers from 1 to 5');
  const riskScore = likelihood * severity;
  const riskLevel: RiskLevel =
    riskScore <= 4 ? 'low' : riskScore <= 9 ? 'medium' : riskScore <= 16 ? 'high' : 'extreme';
  return { likelihood, severity, riskScore, riskLevel };
}

const HIERARCHY: readonly Control['type'][] = [
  'elimination',
  'substitution',
  'engineering',
  'administrative',
  'ppe',
];

/** Controls in hierarchy order, most effective first. */
export function byHierarchy(controls: readonly Control[]): Control[] {
  return [...controls].sort((a, b) => HIERARCHY.indexOf(a.type) - HIERARCHY.indexOf(b.type));
}

export type HazardCommand =
  | { readonly type: 'IdentifyHazard'; readonly hazard: Identified }
  | {
      readonly type: 'AssessHazard';
      readonly likelihood: number;
      readonly severity: number;
      readonly controls: readonly Control[];
      readonly notes: string | null;
      readonly nextReviewDate: string | null;
      readonly now: Date;
    };
export type HazardState = { readonly hazardId: string | null };

export const hazardDecider: Decider<HazardCommand, HazardState, HazardEvent> = {
  initialState: { hazardId: null },
  decide: (command, state) => {
    if (command.type === 'IdentifyHazard')
      return state.hazardId !== null ? [] : [{ type: 'HazardIdentified', data: command.hazard }];
    if (state.hazardId === null) throw new NotFoundError('hazard not found');
    return [
      {
        type: 'HazardAssessed',
        data: {
          hazardId: state.hazardId,
          residual: riskAssessment(command.likelihood, command.severity),
          controls: byHierarchy(command.controls),
          notes: command.notes,
          nextReviewDate: command.nextReviewDate,
          assessedAt: command.now.toISOString(),
        },
      },
    ];
  },
  evolve: (state, event) => (event.type === 'HazardIdentified' ? { hazardId: event.data.hazardId } : state),
};
