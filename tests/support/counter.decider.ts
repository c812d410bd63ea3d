/** A tiny decider used by the command-handling tests. */
import type { Decider } from '../../src/commands/decider.js';
import { DomainError } from '../../src/commands/domain-error.js';

export type CounterEvent =
  | { type: 'CounterOpened'; data: { counterId: string } }
  | { type: 'CounterIncremented'; data: { counterId: string; by: number } };
export type CounterCommand =
  { type: 'OpenCounter'; counterId: string } | { type: 'Increment'; counterId: string; by: number };
export type CounterState = { status: 'absent' } | { status: 'open'; value: number };

export const counterDecider: Decider<CounterCommand, CounterState, CounterEvent> = {
  initialState: { status: 'absent' },
  decide: (command, state) => {
    switch (command.type) {
      case 'OpenCounter':
        return state.status === 'open'
          ? []
          : [{ type: 'CounterOpened', data: { counterId: command.counterId } }];
      case 'Increment':
        if (state.status !== 'open') throw new DomainError('COUNTER_NOT_OPEN', 'the counter is not open');
        if (command.by === 0) return [];
        return [{ type: 'CounterIncremented', data: { counterId: command.counterId, by: command.by } }];
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'CounterOpened':
        return { status: 'open', value: 0 };
      case 'CounterIncremented':
        return state.status === 'open' ? { ...state, value: state.value + event.data.by } : state;
    }
  },
};
