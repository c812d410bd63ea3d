/**
 * Stream category → the `initialState` and `evolve` of the decider that owns that stream,
 * so the audit API can show any entity as it was at an instant by folding its events with
 * the module's own rules (no second implementation). Each module adds its categories here.
 */
import { subjectErasureStream } from '../events/audit/subject-erasure.events.js';
import { departmentStream, userEmailStream, userStream } from '../events/auth/user.events.js';
import type { DomainEvent } from '../events/envelope.js';
import { subjectErasureDecider } from './audit/subject-erasure.decider.js';
import { departmentDecider } from './auth/department.decider.js';
import { emailReservationDecider } from './auth/email-reservation.decider.js';
import { userDecider } from './auth/user.decider.js';
import type { Decider } from './decider.js';

export type Evolver = {
  readonly initialState: unknown;
  readonly evolve: (state: unknown, event: DomainEvent) => unknown;
};

/** Erases a decider's types for the registry; events of a category are that decider's events. */
export function evolverOf<S, E extends DomainEvent>(
  decider: Pick<Decider<never, S, E>, 'initialState' | 'evolve'>,
): Evolver {
  return {
    initialState: decider.initialState,
    evolve: (state, event) => decider.evolve(state as S, event as E),
  };
}

export const deciderRegistry: ReadonlyMap<string, Evolver> = new Map([
  [userStream.category, evolverOf(userDecider)],
  [departmentStream.category, evolverOf(departmentDecider)],
  [userEmailStream.category, evolverOf(emailReservationDecider)],
  [subjectErasureStream.category, evolverOf(subjectErasureDecider)],
]);
