/**
 * given(events).when(command).then(events) for deciders (Emmett's DeciderSpecification).
 */
import { expect } from 'vitest';
import type { Decider } from '../../src/commands/decider.js';
import { fold } from '../../src/commands/decider.js';
import type { DomainEvent } from '../../src/events/envelope.js';

export function deciderSpec<C, S, E extends DomainEvent>(decider: Decider<C, S, E>) {
  return {
    given: (history: readonly E[]) => ({
      when: (command: C) => {
        const run = () => decider.decide(command, fold(decider, history));
        return {
          then: (expected: readonly E[]) => expect(run()).toEqual(expected),
          thenNothing: () => expect(run()).toEqual([]),
          thenThrows: (code: string) => expect(run).toThrow(expect.objectContaining({ code }) as Error),
        };
      },
    }),
  };
}
