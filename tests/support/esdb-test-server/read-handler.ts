/**
 * Streams.Read: reads of one stream, reads of $all (with the server-side filters ESDB
 * offers) and, for requests carrying subscription options, subscriptions to $all.
 */
import { status } from '@grpc/grpc-js';
import type { ReadReq } from '@eventstore/db-client/generated/streams_pb.js';
import {
  eventMessage,
  send,
  streamName,
  streamNotFoundMessage,
  streamsPb,
  type ReadCall,
} from './grpc-messages.js';
import type { InMemoryLog, StoredEvent } from './in-memory-log.js';
import { subscribeToAll, type LiveSubscriptions } from './subscription.js';

type Options = ReadReq.Options;
type EventMatcher = (event: StoredEvent) => boolean;

export function readHandler(log: InMemoryLog, live: LiveSubscriptions): (call: ReadCall) => void {
  return (call) => {
    const options = call.request.getOptions();
    if (options === undefined)
      call.emit('error', { code: status.INVALID_ARGUMENT, details: 'options missing' });
    else if (options.hasSubscription() && options.hasAll())
      subscribeToAll(call, log, options, eventMatcher(options), live);
    else if (options.hasSubscription())
      call.emit('error', { code: status.UNIMPLEMENTED, details: 'stream subscriptions' });
    else if (options.hasStream()) void readStream(call, log, options);
    else if (options.hasAll()) void sendAll(call, readAll(log, options));
    else call.emit('error', { code: status.INVALID_ARGUMENT, details: 'neither a stream nor $all' });
  };
}

/** The filter of a read or subscription; regex wins over prefixes, as on the server. */
export function eventMatcher(options: Options): EventMatcher {
  const filter = options.getFilter();
  if (!options.hasFilter() || filter === undefined) return () => true;
  const onType = filter.hasEventType();
  const expression = onType ? filter.getEventType() : filter.getStreamIdentifier();
  const subject = (event: StoredEvent) => (onType ? event.type : event.streamName);
  const regex = expression?.getRegex() ?? '';
  if (regex !== '') {
    const pattern = new RegExp(regex);
    return (event) => pattern.test(subject(event));
  }
  const prefixes = expression?.getPrefixList() ?? [];
  return (event) => prefixes.some((prefix) => subject(event).startsWith(prefix));
}

function backwards(options: Options): boolean {
  return options.getReadDirection() === streamsPb.ReadReq.Options.ReadDirection.BACKWARDS;
}

function count(options: Options): number {
  return options.hasCount() ? Number(BigInt(options.getCount())) : Number.MAX_SAFE_INTEGER;
}

async function readStream(call: ReadCall, log: InMemoryLog, options: Options): Promise<void> {
  const stream = options.getStream()!;
  const name = streamName(stream.getStreamIdentifier());
  const events = log.stream(name);
  if (events === undefined) {
    await send(call, streamNotFoundMessage(name));
    call.end();
    return;
  }
  const last = BigInt(events.length) - 1n;
  const from = stream.hasRevision() ? BigInt(stream.getRevision()) : stream.hasEnd() ? last : 0n;
  const selected = backwards(options)
    ? events.filter((e) => e.revision <= from).reverse()
    : stream.hasEnd()
      ? []
      : events.filter((e) => e.revision >= from);
  await sendAll(call, selected.slice(0, count(options)));
}

/** Forwards from a position includes it; backwards from a position stops before it, as in ESDB. */
function readAll(log: InMemoryLog, options: Options): StoredEvent[] {
  const boundary = allBoundary(log, options.getAll()!);
  const ordered = backwards(options) ? log.all.slice(0, boundary).reverse() : log.all.slice(boundary);
  const matches = eventMatcher(options);
  const max = count(options);
  const selected: StoredEvent[] = [];
  for (const event of ordered) {
    if (selected.length >= max) break;
    if (matches(event)) selected.push(event);
  }
  return selected;
}

function allBoundary(log: InMemoryLog, all: ReadReq.Options.AllOptions): number {
  if (all.hasStart()) return 0;
  if (all.hasEnd()) return log.all.length;
  return log.indexAtOrAfter(BigInt(all.getPosition()!.getCommitPosition()));
}

async function sendAll(call: ReadCall, events: readonly StoredEvent[]): Promise<void> {
  for (const event of events) if (!(await send(call, eventMessage(event)))) return;
  call.end();
}
