/**
 * Command handling (DESIGN.md §6): read the stream, fold it, decide, append with the revision
 * read. A conflict without the client's If-Match is retried on fresh state; with If-Match it
 * surfaces as a precondition failure. The answer carries the stream revision (the ETag) and
 * the global position (for read-your-writes).
 */
import type { CommandContext, DomainEvent } from '../events/envelope.js';
import { newId } from './new-id.js';
import {
  WrongExpectedVersionError,
  type EventStore,
  type EventToAppend,
} from '../eventstore/event-store.port.js';
import { fold, type Decider } from './decider.js';
import { ConcurrencyError, PreconditionFailedError } from './domain-error.js';
import type { IdempotencyClaim, IdempotencyStore } from './idempotency.js';

export type CommandResult<Event extends DomainEvent = DomainEvent> = {
  readonly streamId: string;
  /** Revision of the stream after the command (-1n: the stream still does not exist). */
  readonly revision: bigint;
  /** Global position of the last event written, or of the stream's last event for a no-op. */
  readonly position: bigint;
  readonly events: readonly Event[];
};

export type HandleOptions = {
  /** The client's If-Match: the revision the client last saw. */
  readonly expectedRevision?: bigint;
  readonly idempotency?: { readonly store: IdempotencyStore; readonly claim: IdempotencyClaim };
  readonly maxRetries?: number;
  /**
   * The caller has just generated the stream's id (a random uuid), so the stream has no
   * events: the first attempt skips reading it. The append still insists on `no_stream`.
   */
  readonly newStream?: boolean;
};

export async function handleCommand<Command, State, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, State, Event>,
  command: Command,
  context: CommandContext,
  options: HandleOptions = {},
): Promise<CommandResult<Event>> {
  const run = () => decideAndAppend(store, streamId, decider, command, context, options);
  if (options.idempotency === undefined) return run();
  const stored = await options.idempotency.store.run(options.idempotency.claim, async () =>
    toJson(await run()),
  );
  return fromJson<Event>(stored);
}

async function decideAndAppend<Command, State, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  decider: Decider<Command, State, Event>,
  command: Command,
  context: CommandContext,
  options: HandleOptions,
): Promise<CommandResult<Event>> {
  const attempts = options.expectedRevision === undefined ? 1 + (options.maxRetries ?? 3) : 1;
  for (let attempt = 1; ; attempt++) {
    const history = options.newStream === true && attempt === 1 ? [] : await store.readStream(streamId);
    const current = history.length === 0 ? -1n : history[history.length - 1]!.revision;
    if (options.expectedRevision !== undefined && options.expectedRevision !== current)
      throw new PreconditionFailedError(
        `${streamId} is at revision ${current}, not ${options.expectedRevision}`,
      );
    const state = fold(decider, history as unknown as readonly Event[]);
    const events = decider.decide(command, state);
    if (events.length === 0) {
      return { streamId, revision: current, position: history.at(-1)?.position ?? 0n, events };
    }
    try {
      const appended = await store.append(
        streamId,
        events.map((e) => toAppend(e, context)),
        {
          expectedRevision: current === -1n ? 'no_stream' : current,
        },
      );
      return { streamId, revision: appended.nextRevision, position: appended.position, events };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (options.expectedRevision !== undefined)
        throw new PreconditionFailedError(`${streamId} changed since revision ${options.expectedRevision}`);
      if (attempt >= attempts) throw new ConcurrencyError(`${streamId} kept changing; try again`);
    }
  }
}

export function toAppend(event: DomainEvent, context: CommandContext): EventToAppend {
  return {
    type: event.type,
    data: event.data,
    metadata: {
      eventId: newId(),
      occurredAt: context.now.toISOString(),
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId ?? null,
      requestId: context.requestId ?? null,
      schemaVersion: 1,
    },
  };
}

type StoredResult = { streamId: string; revision: string; position: string; eventTypes: string[] };

function toJson(result: CommandResult): StoredResult {
  return {
    streamId: result.streamId,
    revision: result.revision.toString(),
    position: result.position.toString(),
    eventTypes: result.events.map((e) => e.type),
  };
}

/** A replayed result keeps ids and positions; event data is not kept (it may be personal). */
function fromJson<Event extends DomainEvent>(stored: StoredResult): CommandResult<Event> {
  return {
    streamId: stored.streamId,
    revision: BigInt(stored.revision),
    position: BigInt(stored.position),
    events: [],
  };
}
