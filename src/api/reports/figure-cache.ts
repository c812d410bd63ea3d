/**
 * Answers of the analytics queries, kept while nothing they read has moved: an entry holds the
 * read models' position it was computed at (the lowest checkpoint of the projectors the
 * figures come from) and lives at most `ttlMs`, for the figures that move with the clock alone
 * (today, this week, training expiring). Concurrent requests for the same figures share one
 * computation. When the position is unknown (another process runs a projector), nothing is
 * kept and every request computes.
 */

export type FigureCache = {
  readonly get: <T>(key: string, compute: () => Promise<T>) => Promise<T>;
};

export type FigureCacheOptions = {
  /** The read models' position now, or undefined when it cannot be known without IO. */
  readonly position: () => bigint | undefined;
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
};

type Entry = { readonly position: bigint; readonly expires: number; readonly value: Promise<unknown> };

export function figureCache(options: FigureCacheOptions): FigureCache {
  const ttlMs = options.ttlMs ?? 1000;
  const maxEntries = options.maxEntries ?? 500;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  return {
    get: <T>(key: string, compute: () => Promise<T>): Promise<T> => {
      const position = options.position();
      if (position === undefined) return compute();
      const found = entries.get(key);
      if (found !== undefined && found.position === position && found.expires > now())
        return found.value as Promise<T>;
      const value = compute();
      entries.delete(key);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { position, expires: now() + ttlMs, value });
      // A failed computation is not kept.
      value.catch(() => {
        if (entries.get(key)?.value === value) entries.delete(key);
      });
      return value;
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
