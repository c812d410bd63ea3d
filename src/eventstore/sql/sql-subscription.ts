/**
 * Catch-up-then-live subscription over the SQL log. History is read in pages; once caught
 * up it waits for the in-process append signal (no polling delay for writers in this
 * process) or, for writers in other processes, a short poll.
 */
import type { EventEmitter } from 'node:events';
import type { RecordedEvent } from '../../events/envelope.js';
import type { EventFilter, SubscribeOptions, Subscription, SubscriptionItem } from '../event-store.port.js';

export type SqlSubscriptionSource = {
  readonly headPosition: () => Promise<bigint>;
  readonly readPage: (
    from: bigint,
    upTo: bigint,
    limit: number,
    filter?: EventFilter,
  ) => Promise<RecordedEvent[]>;
  readonly appended: EventEmitter;
  readonly pollIntervalMs: number;
};

const PAGE_SIZE = 1000;

export function sqlSubscription(options: SubscribeOptions, source: SqlSubscriptionSource): Subscription {
  let closed = false;
  const wakers = new Set<() => void>();
  // An append while this subscription is busy (not waiting) is remembered, not lost: the wait
  // after it returns at once instead of sleeping until the next append or poll.
  let missed = false;
  const wake = () => {
    if (wakers.size === 0) missed = true;
    for (const w of wakers) w();
    wakers.clear();
  };
  const storeClosed = () => {
    closed = true;
    wake();
  };
  source.appended.on('append', wake);
  source.appended.on('close', storeClosed);

  const waitForAppend = () =>
    new Promise<void>((resolve) => {
      if (missed) {
        missed = false;
        resolve();
        return;
      }
      const timer = setTimeout(resolve, source.pollIntervalMs);
      wakers.add(() => {
        clearTimeout(timer);
        resolve();
      });
    });

  async function* items(): AsyncGenerator<SubscriptionItem> {
    let from =
      options.from === 'end'
        ? await source.headPosition()
        : options.from === 'start'
          ? 0n
          : (options.from ?? 0n);
    let reported = -1n;
    while (!closed) {
      // Everything up to the head row is committed, so a page bounded by it has no holes.
      missed = false;
      const head = await source.headPosition();
      const page = head > from ? await source.readPage(from, head, PAGE_SIZE, options.filter) : [];
      for (const event of page) {
        if (closed) return;
        yield { kind: 'event', event };
        from = event.position;
      }
      if (page.length === PAGE_SIZE) continue;
      if (head > from) from = head;
      if (from !== reported) {
        reported = from;
        yield { kind: 'checkpoint', position: from, caughtUp: true };
      }
      if (!closed) await waitForAppend();
    }
  }

  const iterator = items();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      closed = true;
      source.appended.off('append', wake);
      wake();
      source.appended.off('close', storeClosed);
      await iterator.return(undefined);
    },
  };
}
