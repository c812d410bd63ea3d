/**
 * The event log everything above the adapters uses: the port, plus what the log promises
 * beyond storage. On append, data is validated against the registry, stamped with its
 * schema version, and personal fields are sealed with the subject's key. On read, personal
 * fields are opened (or read as ERASED once the key is gone; never an error) and old
 * schema versions are upcast.
 */
import { ERASED, type RecordedEvent } from '../events/envelope.js';
import { upcast, type EventRegistry } from '../events/event-registry.js';
import type { EventStore, EventToAppend, Subscription, SubscriptionItem } from './event-store.port.js';
import { getPath, setPath } from './personal-data/field-paths.js';
import { openField, sealJson } from './personal-data/field-cipher.js';
import type { KeyStore } from './personal-data/key-store.js';

export type EventLog = EventStore & {
  /** Crypto-shreds a data subject: their personal fields read as erased from now on. */
  readonly eraseSubject: (subjectId: string) => Promise<boolean>;
  /**
   * Another handle on the same keys (the HTTP thread, for a projection thread) has erased the
   * subject: drops this handle's cached key and every event it opened, as eraseSubject does.
   */
  readonly forgetSubject: (subjectId: string) => void;
  /**
   * Hands what this log sealed for `eventIds` over to another handle on the same log (the
   * projection thread's, which is sent the events too) and forgets it here.
   */
  readonly takeSealed: (eventIds: readonly string[]) => SealedFields;
  /** Takes what another handle sealed: those events then open here without decryption too. */
  readonly sealedElsewhere: (sealed: SealedFields) => void;
};

/** Per event id, its personal fields as the JSON they were sealed from, by path. */
export type SealedFields = readonly (readonly [
  eventId: string,
  fields: readonly (readonly [string, string])[],
])[];

const NO_KEYS = new Map<string, Buffer>();
const SEALED_HERE_LIMIT = 10_000;

export function createEventLog(store: EventStore, registry: EventRegistry, keys: KeyStore): EventLog {
  /**
   * The personal fields of events this log sealed (or was handed, takeSealed), as the JSON that
   * sealing encrypted, by event id, until a live subscription first opens the event: it opens
   * them from here instead of decrypting what was just encrypted (a check-in's projectors spent
   * about a tenth of its CPU on that). Forgotten on erasure, as the opened events are, and
   * bounded: an event nobody subscribes to is dropped oldest first.
   */
  let sealedHere = new Map<string, ReadonlyMap<string, string>>();
  const keepSealed = (eventId: string, fields: ReadonlyMap<string, string>) => {
    if (sealedHere.size >= SEALED_HERE_LIMIT) sealedHere.delete(sealedHere.keys().next().value!);
    sealedHere.set(eventId, fields);
  };

  async function seal(event: EventToAppend): Promise<EventToAppend> {
    const definition = registry.get(event.type);
    if (definition === undefined) throw new Error(`unknown event type ${event.type}`);
    let data = definition.schema.parse(event.data);
    const metadata = { ...event.metadata, schemaVersion: definition.schemaVersion };
    if (definition.personal === undefined) return { type: event.type, data, metadata };
    const subjectId = definition.personal.subject(data);
    const key = await keys.keyFor(subjectId);
    const paths: string[] = [];
    const clear = new Map<string, string>();
    for (const path of definition.personal.paths) {
      const value = getPath(data, path);
      if (value === undefined || value === null) continue;
      const json = JSON.stringify(value);
      data = setPath(data, path, sealJson(key, subjectId, path, json));
      paths.push(path);
      clear.set(path, json);
    }
    keepSealed(metadata.eventId, clear);
    return { type: event.type, data, metadata: { ...metadata, personal: { subjectId, paths } } };
  }

  async function open(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const subjects = events.flatMap((e) => (e.metadata.personal ? [e.metadata.personal.subjectId] : []));
    const found = subjects.length > 0 ? await keys.findKeys(subjects) : new Map<string, Buffer>();
    return events.map((event) => openOne(event, found));
  }

  /** Opens `event` with its subject's key from `found`, or from `clear` (what was sealed here). */
  function openOne(
    event: RecordedEvent,
    found: Map<string, Buffer>,
    clear?: ReadonlyMap<string, string>,
  ): RecordedEvent {
    let { data } = event;
    const erased: string[] = [];
    const personal = event.metadata.personal;
    if (personal !== undefined) {
      const key = found.get(personal.subjectId);
      for (const path of personal.paths) {
        const json = clear?.get(path);
        const value =
          json !== undefined
            ? (JSON.parse(json) as unknown)
            : key === undefined
              ? undefined
              : openField(key, personal.subjectId, path, getPath(data, path));
        if (value === undefined) erased.push(path);
        data = setPath(data, path, value === undefined ? ERASED : value);
      }
    }
    const definition = registry.get(event.type);
    if (definition !== undefined && event.metadata.schemaVersion < definition.schemaVersion)
      data = upcast(definition, data, event.metadata.schemaVersion);
    return erased.length > 0 ? { ...event, data, erased } : { ...event, data };
  }

  // Live subscriptions of one SQL store share the event objects of its recent window
  // (recent-events.ts), so each event is opened once for all of them. Erasing a subject starts
  // a new map: nothing opened before the erasure is handed out after it.
  let openedOnce = new WeakMap<RecordedEvent, RecordedEvent>();

  /** The opened event, shared; a promise only when it needs a key lookup. */
  function openShared(event: RecordedEvent): RecordedEvent | Promise<RecordedEvent> {
    const cache = openedOnce;
    const known = cache.get(event);
    if (known !== undefined) return known;
    // Most events hold no personal data, and those appended here were sealed here: open them
    // without a key lookup (and without an await).
    const clear = sealedHere.get(event.metadata.eventId);
    if (event.metadata.personal === undefined || clear !== undefined) {
      sealedHere.delete(event.metadata.eventId);
      const opened = openOne(event, NO_KEYS, clear);
      cache.set(event, opened);
      return opened;
    }
    return open([event]).then(([opened]) => {
      cache.set(event, opened!);
      return opened!;
    });
  }

  function subscribe(options: Parameters<EventStore['subscribe']>[0]): Subscription {
    const inner = store.subscribe(options);
    async function* opened(): AsyncGenerator<SubscriptionItem> {
      for await (const item of inner) {
        if (item.kind === 'checkpoint') yield item;
        else {
          const event = openShared(item.event);
          yield { kind: 'event', event: event instanceof Promise ? await event : event };
        }
      }
    }
    const iterator = opened();
    return {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        await inner.close();
        await iterator.return(undefined);
      },
    };
  }

  return {
    append: async (streamId, events, options) =>
      store.append(streamId, await Promise.all(events.map(seal)), options),
    readStream: async (streamId, options) => open(await store.readStream(streamId, options)),
    readAll: async (options) => open(await store.readAll(options)),
    headPosition: () => store.headPosition(),
    subscribe,
    close: () => store.close(),
    takeSealed: (eventIds) =>
      eventIds.flatMap((eventId) => {
        const fields = sealedHere.get(eventId);
        if (fields === undefined) return [];
        sealedHere.delete(eventId);
        return [[eventId, [...fields]] as const];
      }),
    sealedElsewhere: (sealed) => {
      for (const [eventId, fields] of sealed) keepSealed(eventId, new Map(fields));
    },
    forgetSubject: (subjectId) => {
      openedOnce = new WeakMap();
      sealedHere = new Map();
      keys.forget(subjectId);
    },
    eraseSubject: async (subjectId) => {
      openedOnce = new WeakMap();
      sealedHere = new Map();
      const erased = await keys.erase(subjectId);
      openedOnce = new WeakMap();
      sealedHere = new Map();
      return erased;
    },
  };
}
