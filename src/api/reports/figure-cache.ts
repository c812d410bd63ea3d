/**
 * Answers of the analytics queries, kept while nothing they read has moved: an entry holds the
 * read models' position it was computed at (the lowest checkpoint of the projectors the
 * figures come from) and lives at most `ttlMs`, for the figures that move with the clock alone
 * (today, this week, training expiring). Concurrent requests for the same figures share one
 * computation. A caller that may take a slightly old answer (`staleOk`: it did not ask for
 * read-your-writes) gets the last one at once while the new one is computed, so a busy
 * dashboard never waits for a recomputation. When the position is unknown (another process
 * runs a projector), nothing is kept and every request computes.
 */

export type FigureCache = {
  readonly get: <T>(
    key: string,
    compute: () => Promise<T>,
    options?: { readonly staleOk?: boolean },
  ) => Promise<T>;
};

export type FigureCacheOptions = {
  /** The read models' position now, or undefined when it cannot be known without IO. */
  readonly position: () => bigint | undefined;
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
};

type Entry = {
  readonly position: bigint;
  readonly expires: number;
  readonly value: Promise<unknown>;
  /** The last answer that completed, for callers that take a slightly old one. */
  readonly settled?: unknown;
};

export function figureCache(options: FigureCacheOptions): FigureCache {
  const ttlMs = options.ttlMs ?? 1000;
  const maxEntries = options.maxEntries ?? 500;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  /** Computes, keeps the promise at once (so others share it) and the answer once it is there. */
  function store<T>(key: string, position: bigint, compute: () => Promise<T>, previous: unknown): Promise<T> {
    const value = compute();
    const entry: Entry = {
      position,
      expires: now() + ttlMs,
      value,
      ...(previous !== undefined && { settled: previous }),
    };
    entries.delete(key);
    if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
    entries.set(key, entry);
    value.then(
      (answer) => {
        if (entries.get(key) === entry) entries.set(key, { ...entry, settled: answer });
      },
      // A failed computation is not kept.
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return value;
  }

  return {
    get: <T>(key: string, compute: () => Promise<T>, getOptions: { readonly staleOk?: boolean } = {}) => {
      const position = options.position();
      if (position === undefined) return compute();
      const found = entries.get(key);
      const fresh = found !== undefined && found.position === position && found.expires > now();
      if (getOptions.staleOk === true && found !== undefined && 'settled' in found) {
        // The last answer now; a new one is computed once (the new entry is fresh meanwhile).
        if (!fresh) void store(key, position, compute, found.settled).catch(() => undefined);
        return Promise.resolve(found.settled as T);
      }
      if (fresh) return found.value as Promise<T>;
      return store(key, position, compute, undefined);
    },
  };
}

/** The lowest of several projectors' checkpoints, undefined when any is not known here. */
export function lowestCheckpoint(
  checkpoint: (name: string) => bigint | undefined,
  names: readonly string[],
): () => bigint | undefined {
  return () => {
    let lowest: bigint | undefined;
    for (const name of names) {
      const at = checkpoint(name);
      if (at === undefined) return undefined;
      if (lowest === undefined || at < lowest) lowest = at;
    }
    return lowest;
  };
}
