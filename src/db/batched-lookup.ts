/**
 * Look-ups asked for in the same turn of the event loop, answered by one query: under load,
 * fifty check-ins in flight each read the host and the watch list and need a subject key, and
 * on SQLite each read on the query connection after a projection commit reloads the pages it
 * touches (about 60 µs for one indexed row), so one read for all of them costs little more
 * than one. Callers asking for the same key share its answer; a failing query fails every
 * caller of that turn. Used by the visitor look-ups and the subject-key store.
 */
export type BatchedLookup<K, V> = (key: K) => Promise<V | undefined>;

/** At most this many keys in one query (the rest go in the next). */
const MAX_KEYS = 500;

export function batchedLookup<K, V>(
  fetch: (keys: readonly K[]) => Promise<ReadonlyMap<K, V>>,
): BatchedLookup<K, V> {
  type Waiter = { resolve: (value: V | undefined) => void; reject: (error: unknown) => void };
  let waiting = new Map<K, Waiter[]>();

  async function run(keys: readonly K[], batch: ReadonlyMap<K, Waiter[]>): Promise<void> {
    try {
      const found = await fetch(keys);
      for (const key of keys) for (const waiter of batch.get(key)!) waiter.resolve(found.get(key));
    } catch (error) {
      for (const key of keys) for (const waiter of batch.get(key)!) waiter.reject(error);
    }
  }

  function flush(): void {
    const batch = waiting;
    waiting = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += MAX_KEYS) void run(keys.slice(i, i + MAX_KEYS), batch);
  }

  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      if (waiting.size === 0) setImmediate(flush);
      const waiters = waiting.get(key);
      if (waiters === undefined) waiting.set(key, [{ resolve, reject }]);
      else waiters.push({ resolve, reject });
    });
}
