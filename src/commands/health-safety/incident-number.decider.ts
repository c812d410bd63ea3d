/**
 * A year's incident numbers: each IncidentNumberAssigned takes the next sequence. Only the
 * last event matters, so the service folds just that one (the stream grows all year).
 */
import type { IncidentNumberEvent } from '../../events/health-safety/incident.events.js';
import type { Decider } from '../decider.js';

export type AssignIncidentNumber = {
  readonly type: 'AssignIncidentNumber';
  readonly year: number;
  readonly incidentId: string;
};
export type IncidentNumberState = { readonly last: number };

export const incidentNumberDecider: Decider<AssignIncidentNumber, IncidentNumberState, IncidentNumberEvent> =
  {
    initialState: { last: 0 },
    decide: (command, state) => [
      {
        type: 'IncidentNumberAssigned',
        data: { year: command.year, sequence: state.last + 1, incidentId: command.incidentId },
      },
    ],
    evolve: (_state, event) => ({ last: event.data.sequence }),
  };

export function formatIncidentNumber(year: number, sequence: number): string {
  return `INC-${year}-${String(sequence).padStart(4, '0')}`;
}
