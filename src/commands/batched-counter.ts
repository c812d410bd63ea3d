/**
 * Group commit for counter streams (incident numbers, badge numbers). Callers in one process
 * that want the next number of the same counter queue together, and each batch takes everyone
 * waiting with one read of the counter's last event and one append of all their events at that
 * revision. Numbers stay unique and gapless, because the append is atomic and optimistic (a
 * conflict with another process re-reads and retries the whole batch), and 50 concurrent
 * callers cost one round of IO instead of 50 optimistic races that all but one lose.
 */
import type { CommandContext, DomainEvent } from '../events/envelope.js';
import { WrongExpectedVersionError, type EventStore } from '../eventstore/event-store.port.js';
import { fold, type Decider } from './decider.js';
import { ConcurrencyError } from './domain-error.js';
import { toAppend } from './handle-command.js';

export type CounterRequest<Input> = { readonly input: Input; readonly context: CommandContext };

export type CounterBatch<Input, Command, State, Event extends DomainEvent> = {
  readonly decider: Decider<Command, State, Event>;
  /** The counter stream an attempt of a batch appends to, and the command for each request there. */
  readonly target: (
    key: string,
    attempt: number,
  ) => { readonly stream: string; readonly command: (input: Input) => Command };
  readonly attempts: number;
  /** Most requests one append carries. */
  readonly maxBatch?: number;
  readonly busyMessage: string;
};

type Waiter<Input, Event> = CounterRequest<Input> & {
  readonly resolve: (outcome: { stream: string; event: Event }) => void;
  readonly reject: (error: unknown) => void;
};

/** Returns `next(log, key, request)`: the request's counter event, once appended. */
export function batchedCounter<Input, Command, State, Event extends DomainEvent>(
  options: CounterBatch<Input, Command, State, Event>,
) {
  const queues = new WeakMap<EventStore, Map<string, Waiter<Input, Event>[]>>();
  const maxBatch = options.maxBatch ?? 500;

  async function drain(log: EventStore, byKey: Map<string, Waiter<Input, Event>[]>, key: string) {
    const waiting = byKey.get(key)!;
    while (waiting.length > 0) {
      const batch = waiting.splice(0, maxBatch);
      try {
        const outcome = await appendBatch(log, key, batch);
        batch.forEach((w, i) => w.resolve({ stream: outcome.stream, event: outcome.events[i]! }));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    byKey.delete(key);
  }

  async function appendBatch(log: EventStore, key: string, batch: readonly CounterRequest<Input>[]) {
    const { decider } = options;
    for (let attempt = 1; attempt <= options.attempts; attempt++) {
      const { stream, command } = options.target(key, attempt);
      const last = await log.readStream(stream, { direction: 'backwards', maxCount: 1 });
      let state = fold(decider, last as never);
      const decided = batch.map(({ input, context }) => {
        const [event] = decider.decide(command(input), state);
        if (event === undefined) throw new Error('a counter decision must take a number');
        state = decider.evolve(state, event);
        return { event, context };
      });
      try {
        await log.append(
          stream,
          decided.map(({ event, context }) => toAppend(event, context)),
          { expectedRevision: last[0]?.revision ?? 'no_stream' },
        );
        return { stream, events: decided.map((d) => d.event) };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 20)));
      }
    }
    throw new ConcurrencyError(options.busyMessage);
  }

  return (log: EventStore, key: string, request: CounterRequest<Input>) =>
    new Promise<{ stream: string; event: Event }>((resolve, reject) => {
      let byKey = queues.get(log);
      if (byKey === undefined) queues.set(log, (byKey = new Map<string, Waiter<Input, Event>[]>()));
      const waiting = byKey.get(key);
      if (waiting !== undefined) {
        waiting.push({ ...request, resolve, reject });
        return;
      }
      byKey.set(key, [{ ...request, resolve, reject }]);
      void drain(log, byKey, key);
    });
}
