/**
 * `subscribe` over the client's subscribeToAll: events, the server's checkpoints and a
 * caught-up checkpoint, delivered in the order the server sent them.
 *
 * The client reports checkpoints and "caught up" as callbacks on the receiving side of its
 * stream, while events may still sit in its readable buffer. Each such signal is therefore
 * held back until the events that preceded it (those delivered plus those buffered when it
 * arrived) have been handed over, so a checkpoint never claims an undelivered event.
 *
 * The server's caught-up message carries no position. The head read before subscribing is
 * one the server had scanned by the time it caught up, so the caught-up checkpoint reports
 * it (or anything later already seen); reading the head afterwards could claim live events
 * that are still on their way.
 */
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  EventStoreDBClient,
} from '@eventstore/db-client';
import {
  matchesFilter,
  type SubscribeOptions,
  type Subscription,
  type SubscriptionItem,
} from '../event-store.port.js';
import { serverFilter, toEsdbPosition, toRecordedEvent } from './esdb-mapping.js';
import { itemQueue } from './item-queue.js';

type Signal = { readonly kind: 'checkpoint'; readonly position: bigint } | { readonly kind: 'caughtUp' };

/** Items waiting for the consumer before the client's stream is paused. */
const HIGH_WATER_MARK = 512;

export function esdbSubscription(
  client: EventStoreDBClient,
  headPosition: () => Promise<bigint>,
  options: SubscribeOptions,
): Subscription {
  let closed = false;
  let source: AllStreamSubscription | undefined;
  const queue = itemQueue<SubscriptionItem>(HIGH_WATER_MARK / 2, () => source?.resume());
  const after = typeof options.from === 'bigint' ? options.from : 0n;

  async function start(): Promise<void> {
    const scannedBeforeStart = await headPosition();
    if (closed) return;
    const order = deliveryOrder(after, scannedBeforeStart, (item) => {
      if (item.kind === 'checkpoint' || matchesFilter(item.event, options.filter)) queue.push(item);
    });
    const subscription = client.subscribeToAll({
      fromPosition: options.from === 'end' ? 'end' : after === 0n ? 'start' : toEsdbPosition(after),
      filter: serverFilter(options.filter, (_s, position) =>
        order.signal({ kind: 'checkpoint', position: position.commit }, subscription.readableLength),
      ),
    });
    source = subscription;
    subscription.on('caughtUp', () => order.signal({ kind: 'caughtUp' }, subscription.readableLength));
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      try {
        order.event(resolved);
      } catch (error) {
        void stop(error);
      }
      if (queue.length >= HIGH_WATER_MARK) subscription.pause();
    });
    subscription.on('error', (error) => void stop(error));
    // The server ending a subscription we did not close is a drop: fail it, so the
    // consumer resubscribes from its checkpoint instead of taking it for the log's end.
    subscription.on('end', () =>
      queue.finish(closed ? undefined : new Error('the server ended the subscription')),
    );
  }

  async function stop(error?: unknown): Promise<void> {
    if (error === undefined) closed = true;
    queue.finish(error, { discard: error === undefined });
    await source?.unsubscribe();
  }

  start().catch((error: unknown) => void stop(error));
  return {
    [Symbol.asyncIterator]: () => ({
      next: () => queue.next(),
      return: async () => {
        await stop();
        return { done: true, value: undefined };
      },
    }),
    close: () => stop(),
  };
}

/**
 * Puts the client's signals back in line with its events, and turns both into our items.
 * `buffered` is how many events the client held, undelivered, when the signal came.
 */
function deliveryOrder(after: bigint, scannedBeforeStart: bigint, deliver: (item: SubscriptionItem) => void) {
  let received = 0;
  const held: { at: number; signal: Signal }[] = [];
  let lastEvent = after;
  let covered = after;
  let reported = -1n;
  let caughtUp = false;

  function apply(signal: Signal): void {
    if (signal.kind === 'caughtUp') caughtUp = true;
    const position = signal.kind === 'caughtUp' ? scannedBeforeStart : signal.position;
    if (position > covered) covered = position;
    if (covered > reported || signal.kind === 'caughtUp') {
      reported = covered;
      deliver({ kind: 'checkpoint', position: covered, caughtUp });
    }
  }

  return {
    signal(signal: Signal, buffered: number): void {
      if (buffered === 0) apply(signal);
      else held.push({ at: received + buffered, signal });
    },
    event(resolved: AllStreamResolvedEvent): void {
      received += 1;
      const event = toRecordedEvent(resolved);
      // The server starts after `after`; this guards against a repeat at the boundary. It
      // ignores checkpoints, so a server checkpoint that ran ahead cannot hide an event.
      if (event !== undefined && event.position > lastEvent) {
        lastEvent = event.position;
        if (event.position > covered) covered = event.position;
        deliver({ kind: 'event', event });
      }
      while (held[0]?.at === received) apply(held.shift()!.signal);
    },
  };
}
