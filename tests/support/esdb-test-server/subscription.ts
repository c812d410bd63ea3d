/**
 * A subscription to $all as ESDB serves it: confirmation, history after the start position
 * (exclusive), `caught_up` once at the live edge, then live events. Filtered subscriptions
 * get a checkpoint every `checkpointIntervalMultiplier × search window` events scanned,
 * whether they matched or not, so a consumer can move past long unmatched stretches.
 */
import { randomUUID } from 'node:crypto';
import type { ReadReq } from '@eventstore/db-client/generated/streams_pb.js';
import {
  caughtUpMessage,
  checkpointMessage,
  confirmationMessage,
  eventMessage,
  send,
  type ReadCall,
} from './grpc-messages.js';
import type { InMemoryLog, StoredEvent } from './in-memory-log.js';

/** ESDB's search window when the client does not set one. */
const DEFAULT_SEARCH_WINDOW = 32;

/** The subscriptions being served, so a test can drop them as a lost connection would. */
export type LiveSubscriptions = Set<ReadCall>;

export function subscribeToAll(
  call: ReadCall,
  log: InMemoryLog,
  options: ReadReq.Options,
  matches: (event: StoredEvent) => boolean,
  live: LiveSubscriptions,
): void {
  const interval = checkpointInterval(options);
  let cursor = startIndex(log, options.getAll()!);
  let caughtUp = false;
  let scanned = 0;
  let pumping = false;

  // One pump at a time walks the log from the cursor; an append while it runs is picked up
  // by its loop, and the check of the log's end and the reset of `pumping` share a tick.
  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (!call.cancelled) {
        const event = log.all[cursor];
        if (event === undefined) {
          if (caughtUp) break;
          caughtUp = true;
          if (!(await send(call, caughtUpMessage()))) break;
          continue;
        }
        cursor += 1;
        if (matches(event) && !(await send(call, eventMessage(event)))) break;
        if (interval !== undefined && ++scanned % interval === 0)
          if (!(await send(call, checkpointMessage(event.position)))) break;
      }
    } finally {
      pumping = false;
    }
  }

  void (async () => {
    if (!(await send(call, confirmationMessage(randomUUID())))) return;
    const unsubscribe = log.onAppend(() => void pump());
    const stopListening = () => {
      unsubscribe();
      live.delete(call);
    };
    live.add(call);
    call.on('cancelled', stopListening);
    call.on('close', stopListening);
    call.on('error', stopListening);
    await pump();
  })();
}

function startIndex(log: InMemoryLog, all: ReadReq.Options.AllOptions): number {
  if (all.hasStart()) return 0;
  if (all.hasEnd()) return log.all.length;
  const position = BigInt(all.getPosition()!.getCommitPosition());
  const index = log.indexAtOrAfter(position);
  return log.all[index]?.position === position ? index + 1 : index;
}

function checkpointInterval(options: ReadReq.Options): number | undefined {
  const filter = options.getFilter();
  if (!options.hasFilter() || filter === undefined) return undefined;
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  return Math.max(1, filter.getCheckpointintervalmultiplier()) * window;
}
