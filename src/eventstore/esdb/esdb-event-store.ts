/**
 * The EventStoreDB adapter of the event-store port (DESIGN.md §5), over
 * `@eventstore/db-client`. Positions are ESDB commit positions; system events (types
 * starting with `$`) never show in $all reads, the head or subscriptions.
 *
 * Each stream's integrity chain continues from the hash stored on its last event, so an
 * append reads that event and writes at exactly the revision it read. With 'any' or
 * 'stream_exists' a conflict only means another writer got in between, so the append
 * re-reads and tries again; appends from this process to one stream queue behind each
 * other, which leaves such retries to writers in other processes.
 *
 * When the connection drops (UNAVAILABLE: the server restarting, a leader change) the client
 * reconnects on its next call, so reads are tried again, and so are appends once the stream's
 * tail shows the append did not land before the drop.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  START,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type JSONType,
  type ReadPosition,
} from '@eventstore/db-client';
import type { RecordedEvent } from '../../events/envelope.js';
import { chainEvents, GENESIS_HASH } from '../../events/integrity.js';
import {
  assertExpectedRevision,
  matchesFilter,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
} from '../event-store.port.js';
import { isSystemType, readStart, toPortConflict, toRecordedEvent } from './esdb-mapping.js';
import { esdbSubscription } from './esdb-subscription.js';

const MAX_APPEND_ATTEMPTS = 8;
const MAX_READ_ATTEMPTS = 3;
const PAGE_SIZE = 500;
const DEFAULT_READ_ALL_LIMIT = 1000;

type StreamTail = {
  readonly revision: bigint;
  readonly hash: string;
  readonly last?: { readonly id: string; readonly position: { readonly commit: bigint } };
};

/** Accepts `esdb://`, `esdb+discover://` and their KurrentDB spellings, which the 6.x client does not know. */
export function connectEsdbEventStore(url: string): EventStore {
  const esdbUrl = url.replace(/^kurrent(?:db)?(\+discover)?:\/\//, 'esdb$1://');
  return createEsdbEventStore(EventStoreDBClient.connectionString(esdbUrl));
}

export function createEsdbEventStore(client: EventStoreDBClient): EventStore {
  const oneAtATime = perKeyQueue();

  async function append(
    streamId: string,
    events: readonly EventToAppend[],
    options: { readonly expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const expected = options.expectedRevision ?? 'any';
    return oneAtATime(streamId, () => appendChained(streamId, events, expected));
  }

  async function appendChained(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const lastId = events.at(-1)!.metadata.eventId;
    for (let attempt = 1; ; attempt += 1) {
      const tail = await readTail(streamId);
      // After a drop, the append may have landed just before it.
      if (attempt > 1 && tail.last?.id === lastId)
        return { nextRevision: tail.revision, position: tail.last.position.commit };
      assertExpectedRevision(streamId, expected, tail.revision);
      try {
        return await write(streamId, events, tail);
      } catch (error) {
        if (error instanceof UnavailableError && attempt < MAX_APPEND_ATTEMPTS) continue;
        if (!(error instanceof EsdbWrongExpectedVersionError)) throw error;
        const retryable = expected === 'any' || expected === 'stream_exists';
        if (!retryable || attempt === MAX_APPEND_ATTEMPTS) throw toPortConflict(streamId, expected, error);
        await sleep(Math.random() * 10 * attempt);
      }
    }
  }

  async function write(
    streamId: string,
    events: readonly EventToAppend[],
    tail: StreamTail,
  ): Promise<AppendResult> {
    const links = chainEvents(streamId, tail.revision + 1n, tail.hash, events);
    const proposed = links.map(({ event, hash, prevHash }) =>
      jsonEvent({
        id: event.metadata.eventId,
        type: event.type,
        data: event.data as JSONType,
        metadata: { ...event.metadata, hash, prevHash },
      }),
    );
    const result = await client.appendToStream(streamId, proposed, {
      expectedRevision: tail.revision === -1n ? 'no_stream' : tail.revision,
    });
    const nextRevision = result.nextExpectedRevision;
    const position = result.position?.commit ?? (await positionOf(streamId, nextRevision));
    return { nextRevision, position };
  }

  /** Read as stored, system-typed events included, since the revision and hash must be the real last ones. */
  async function readTail(streamId: string): Promise<StreamTail> {
    const [last] = await collect(() =>
      client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
    );
    const event = last?.event;
    if (event === undefined) return { revision: -1n, hash: GENESIS_HASH };
    const hash = (event.metadata as { hash?: unknown } | undefined)?.hash;
    // An event written without this adapter has no hash; the chain restarts after it.
    return {
      revision: event.revision,
      hash: typeof hash === 'string' ? hash : GENESIS_HASH,
      ...(event.position !== undefined && { last: { id: event.id, position: event.position } }),
    };
  }

  async function positionOf(streamId: string, revision: bigint): Promise<bigint> {
    const [event] = await readStream(streamId, { fromRevision: revision, maxCount: 1 });
    if (event === undefined)
      throw new Error(`stream ${streamId}: revision ${revision} vanished after the append`);
    return event.position;
  }

  async function readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const read = () =>
      client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        ...(options.maxCount !== undefined && { maxCount: options.maxCount }),
      });
    return (await collect(read)).flatMap((resolved) => toRecordedEvent(resolved) ?? []);
  }

  /** $all after an exclusive position, page by page (the 6.x client cannot filter reads on the server). */
  async function* eventsAfter(from: bigint): AsyncGenerator<RecordedEvent> {
    let start = readStart(from);
    // At the start the first record counts, even at position 0.
    let seen = from === 0n ? -1n : from;
    for (;;) {
      const page = await collect(() => client.readAll({ fromPosition: start, maxCount: PAGE_SIZE }));
      for (const resolved of page) {
        if (resolved.event === undefined || resolved.event.position.commit <= seen) continue;
        seen = resolved.event.position.commit;
        const event = toRecordedEvent(resolved);
        if (event !== undefined) yield event;
      }
      const last = page.at(-1)?.event;
      if (page.length < PAGE_SIZE || last === undefined) return;
      start = last.position;
    }
  }

  async function readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? DEFAULT_READ_ALL_LIMIT;
    const found: RecordedEvent[] = [];
    if (limit <= 0) return found;
    for await (const event of eventsAfter(options.from ?? 0n)) {
      if (!matchesFilter(event, options.filter)) continue;
      found.push(event);
      if (found.length >= limit) break;
    }
    return found;
  }

  async function headPosition(): Promise<bigint> {
    let start: ReadPosition = END;
    for (;;) {
      const page: AllStreamResolvedEvent[] = await collect(() =>
        client.readAll({ direction: BACKWARDS, fromPosition: start, maxCount: PAGE_SIZE }),
      );
      const newest = page.find(
        (resolved) => resolved.event !== undefined && !isSystemType(resolved.event.type),
      );
      if (newest?.event !== undefined) return newest.event.position.commit;
      const last = page.at(-1)?.event;
      if (page.length < PAGE_SIZE || last === undefined) return 0n;
      start = last.position;
    }
  }

  return {
    append,
    readStream,
    readAll,
    headPosition,
    subscribe: (options = {}) => esdbSubscription(client, headPosition, options),
    close: () => client.dispose(),
  };
}

/** All items of a client read, read again if the connection drops; an absent stream reads as none. */
async function collect<T>(read: () => AsyncIterable<T>): Promise<T[]> {
  for (let attempt = 1; ; attempt += 1) {
    const items: T[] = [];
    try {
      for await (const item of read()) items.push(item);
      return items;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      if (!(error instanceof UnavailableError) || attempt === MAX_READ_ATTEMPTS) throw error;
    }
  }
}

/** Runs tasks that share a key one after another, in call order. */
function perKeyQueue(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<void>>();
  return (key, task) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
