/**
 * Reads a subscription ahead of the runner, so the next page is fetched while a batch is
 * being written, and hands the runner whatever is ready as one batch instead of one event
 * at a time. It waits only when nothing is ready, so a live event is applied at once.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { Subscription, SubscriptionItem } from '../../eventstore/event-store.port.js';

export type SubscriptionBuffer = {
  /**
   * The items ready now, holding at most `maxEvents` events (checkpoints ride along).
   * Waits while none is ready; undefined once the subscription has ended. Throws what the
   * subscription threw.
   */
  take(maxEvents: number): Promise<SubscriptionItem[] | undefined>;
  close(): Promise<void>;
};

export function subscriptionBuffer(subscription: Subscription, highWater: number): SubscriptionBuffer {
  let items: SubscriptionItem[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wakeTaker: (() => void) | undefined;
  let wakePump: (() => void) | undefined;
  const signal = (which: 'taker' | 'pump') => {
    const wake = which === 'taker' ? wakeTaker : wakePump;
    if (which === 'taker') wakeTaker = undefined;
    else wakePump = undefined;
    wake?.();
  };

  const iterator = subscription[Symbol.asyncIterator]();
  const pump = (async () => {
    try {
      while (!ended) {
        if (items.length >= highWater) {
          await new Promise<void>((resolve) => (wakePump = resolve));
          continue;
        }
        const next = await iterator.next();
        if (next.done === true) break;
        items.push(next.value);
        signal('taker');
      }
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      signal('taker');
    }
  })();

  async function take(maxEvents: number): Promise<SubscriptionItem[] | undefined> {
    while (items.length === 0 && !ended) await new Promise<void>((resolve) => (wakeTaker = resolve));
    // A page the subscription already holds arrives through microtasks only; let it land.
    if (!ended && countEvents(items) < maxEvents) await nextMacrotask();
    if (items.length === 0) {
      if (failure !== undefined) throw failure.error;
      return undefined;
    }
    const cut = cutAfterEvents(items, maxEvents);
    const batch = cut === items.length ? items : items.slice(0, cut);
    items = cut === items.length ? [] : items.slice(cut);
    signal('pump');
    return batch;
  }

  let closing: Promise<void> | undefined;
  const close = async () => {
    ended = true;
    signal('pump');
    // Closing is cleanup: a log that is already gone has nothing left to release.
    await subscription.close().catch(() => undefined);
    await pump;
  };
  return { take, close: () => (closing ??= close()) };
}

function countEvents(items: readonly SubscriptionItem[]): number {
  let n = 0;
  for (const item of items) if (item.kind === 'event') n += 1;
  return n;
}

/** How many leading items hold `maxEvents` events, plus the checkpoints right after them. */
function cutAfterEvents(items: readonly SubscriptionItem[], maxEvents: number): number {
  let events = 0;
  for (let i = 0; i < items.length; i += 1) {
    if (items[i]!.kind !== 'event') continue;
    if (events === maxEvents) return i;
    events += 1;
  }
  return items.length;
}
