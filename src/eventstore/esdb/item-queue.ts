/**
 * A push-to-pull bridge: a producer pushes items, an async iterator pulls them. Finishing
 * with an error lets the consumer take what was queued before it sees the error; finishing
 * with `discard` (a close) drops the rest and ends a pending pull at once.
 */

export type ItemQueue<T> = {
  readonly length: number;
  push(item: T): void;
  finish(error?: unknown, options?: { readonly discard?: boolean }): void;
  next(): Promise<IteratorResult<T, undefined>>;
};

/** `onLow` runs when the consumer has drained the queue to `lowWaterMark`, to resume a paused producer. */
export function itemQueue<T>(lowWaterMark: number, onLow: () => void): ItemQueue<T> {
  const items: T[] = [];
  let waiting:
    { resolve: (r: IteratorResult<T, undefined>) => void; reject: (e: unknown) => void } | undefined;
  let finished = false;
  let failure: { error: unknown } | undefined;
  const done = { done: true, value: undefined } as const;

  function settleWaiting(): void {
    const pending = waiting;
    if (pending === undefined || (items.length === 0 && !finished)) return;
    waiting = undefined;
    void next().then(pending.resolve, pending.reject);
  }

  function next(): Promise<IteratorResult<T, undefined>> {
    if (items.length > 0) {
      const value = items.shift()!;
      if (items.length === lowWaterMark) onLow();
      return Promise.resolve({ done: false, value });
    }
    if (failure !== undefined) {
      const { error } = failure;
      failure = undefined;
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    if (finished) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      waiting = { resolve, reject };
    });
  }

  return {
    get length() {
      return items.length;
    },
    push(item) {
      if (finished) return;
      items.push(item);
      settleWaiting();
    },
    finish(error, options = {}) {
      if (options.discard === true) {
        items.length = 0;
        failure = undefined;
      } else if (!finished && error !== undefined) failure = { error };
      finished = true;
      settleWaiting();
    },
    next,
  };
}
