/**
 * The decider (Jérémie Chassaing): `decide(command, state) → events` and
 * `evolve(state, event) → state` from `initialState`. Pure: no IO, no clock, no random;
 * time and ids arrive in the command. A decision that changes nothing returns [].
 */
import type { DomainEvent } from '../events/envelope.js';

export type Decider<Command, State, Event extends DomainEvent> = {
  readonly initialState: State;
  readonly decide: (command: Command, state: State) => readonly Event[];
  readonly evolve: (state: State, event: Event) => State;
};

export function fold<State, Event extends DomainEvent>(
  decider: Pick<Decider<unknown, State, Event>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState);
}

/** For the `default` branch of a switch over a union: a compile error when a case is missed. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
