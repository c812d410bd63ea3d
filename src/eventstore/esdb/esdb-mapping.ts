/**
 * Translations between the port's shapes and the EventStoreDB client's: recorded events,
 * positions, filters and the concurrency error.
 */
import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Filter,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
  type WrongExpectedVersionError as EsdbWrongExpectedVersionError,
} from '@eventstore/db-client';
import type { EventMetadata, RecordedEvent } from '../../events/envelope.js';
import { WrongExpectedVersionError, type EventFilter, type ExpectedRevision } from '../event-store.port.js';

/** What servers before 22.6 report as the position of an event read from its stream. */
const UNKNOWN_POSITION = 2n ** 64n - 1n;

export function isSystemType(type: string): boolean {
  return type.startsWith('$');
}

/** Our positions are commit positions; outside explicit transactions ESDB's prepare equals it. */
export function toEsdbPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** `from` is exclusive and 0n means the start; ESDB reads include their start position. */
export function readStart(from: bigint): ReadPosition {
  return from === 0n ? 'start' : toEsdbPosition(from);
}

/** Our event from the client's, or undefined for what the port never shows (system events, unresolved links). */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (event === undefined || isSystemType(event.type)) return undefined;
  const position = event.position?.commit ?? resolved.commitPosition;
  if (position === undefined || position === UNKNOWN_POSITION)
    throw new Error('EventStoreDB did not report event positions; the adapter needs server 22.6 or later');
  return {
    type: event.type,
    data: event.data,
    // This adapter writes our metadata shape; events written by others pass through as stored.
    metadata: (event.metadata ?? {}) as EventMetadata,
    streamId: event.streamId,
    revision: event.revision,
    position,
  };
}

/**
 * The server-side part of a filter (ESDB takes one: event types, else stream prefixes, else
 * "no system events"); callers re-check the whole filter with `matchesFilter`.
 */
export function serverFilter(
  filter: EventFilter | undefined,
  checkpointReached: Filter['checkpointReached'],
): Filter {
  // Every subscription is filtered, if only to drop system events, so that checkpoints come.
  const options = { checkpointInterval: 1, ...(checkpointReached !== undefined && { checkpointReached }) };
  if (filter?.eventTypes !== undefined)
    return eventTypeFilter({ ...options, regex: `^(?:${filter.eventTypes.map(escapeRegex).join('|')})$` });
  if (filter?.streamPrefixes !== undefined)
    return streamNameFilter({ ...options, prefixes: [...filter.streamPrefixes] });
  return excludeSystemEvents(options);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function toPortConflict(
  streamId: string,
  expected: ExpectedRevision,
  error: EsdbWrongExpectedVersionError,
): WrongExpectedVersionError {
  const actual = error.actualVersion;
  return new WrongExpectedVersionError(streamId, expected, typeof actual === 'bigint' ? actual : 'no_stream');
}
