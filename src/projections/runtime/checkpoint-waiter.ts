/**
 * Read-your-writes (DESIGN.md §7): wait, boundedly, until projectors have processed a
 * position. A projector this process runs answers from memory the moment its checkpoint
 * moves; one run by another process is polled through its state row.
 *
 * A filtered subscription need not report a checkpoint for every event it skips (EventStoreDB
 * sends one per search window), so a projector can sit below a position it has nothing to do
 * for. Such a projector counts as there once the log reaches the position and holds no event
 * it handles between its checkpoint and the position; that is asked (after one wait, so the
 * usual case does no extra read) and asked again only when its checkpoint moves.
 */

export type CheckpointSources = {
  /** The in-memory live checkpoint, when this process runs the projector. */
  readonly local: (name: string) => bigint | undefined;
  /** Live checkpoints from the state rows. */
  readonly remote: (names: readonly string[]) => Promise<ReadonlyMap<string, bigint>>;
  /** Resolves at the next local checkpoint move. */
  readonly advanced: () => Promise<void>;
  /** True when the log reaches `upTo` and holds no event the projector handles in (`after`, `upTo`]. */
  readonly idleUpTo: (name: string, after: bigint, upTo: bigint) => Promise<boolean>;
};

export async function waitForCheckpoints(
  sources: CheckpointSources,
  names: readonly string[],
  position: bigint,
  timeoutMs: number,
  pollMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let remote: ReadonlyMap<string, bigint> = new Map();
  let fetchedAt = -Infinity;
  const askedAt = new Map<string, bigint>();
  const idle = new Set<string>();
  // Checkpoints usually arrive on their own; the log is asked only once one wait has passed.
  let waited = false;
  for (;;) {
    // Taken before looking, so a move between the look and the wait is not missed.
    const advanced = sources.advanced();
    const remoteNames = names.filter((n) => sources.local(n) === undefined);
    if (remoteNames.length > 0 && Date.now() - fetchedAt >= pollMs) {
      remote = await sources.remote(remoteNames);
      fetchedAt = Date.now();
    }
    const checkpoint = (n: string) => sources.local(n) ?? remote.get(n) ?? -1n;
    const behind = names.filter((n) => checkpoint(n) < position && !idle.has(n));
    if (behind.length === 0) return true;
    for (const name of waited ? behind : []) {
      const at = checkpoint(name);
      if (at < 0n || askedAt.get(name) === at) continue;
      askedAt.set(name, at);
      if (await sources.idleUpTo(name, at, position)) idle.add(name);
    }
    if (behind.every((n) => idle.has(n))) return true;
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    // Bounded by pollMs, so a projector that reports no skip is asked about soon after.
    await wakeOrTimeout(advanced, Math.min(pollMs, remaining));
    waited = true;
  }
}

/** Resolves at `wake` or after `ms`, whichever is first; the timer is cleared either way. */
function wakeOrTimeout(wake: Promise<void>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void wake.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A promise to wait on for "something moved", renewed each time it fires. Moves within one
 * turn of the event loop fire it once: one append moves a dozen projectors' checkpoints in a
 * row, and every waiting read looked at all of them after each.
 */
export function changeSignal(): { readonly next: () => Promise<void>; readonly notify: () => void } {
  let resolve: () => void = () => undefined;
  let pending = new Promise<void>((r) => (resolve = r));
  let scheduled = false;
  const fire = () => {
    scheduled = false;
    resolve();
    pending = new Promise<void>((r) => (resolve = r));
  };
  return {
    next: () => pending,
    notify: () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(fire);
    },
  };
}
