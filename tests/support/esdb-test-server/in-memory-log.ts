/**
 * The test server's storage: one append-only log ($all) and an index of it per stream,
 * with EventStoreDB's expected-revision rules. Positions imitate ESDB's byte offsets in
 * the transaction file (commit = prepare, gaps between events), so nothing in the adapter
 * can get away with assuming positions are contiguous.
 */

export type StoredEvent = {
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  /** .NET ticks since the Unix epoch, as ESDB sends `created`. */
  readonly created: bigint;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
};

export type ProposedEvent = Pick<StoredEvent, 'id' | 'type' | 'contentType' | 'data' | 'customMetadata'>;

export type ExpectedState =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

/** `currentRevision` is -1n when the stream does not exist. */
export type AppendOutcome =
  | { readonly ok: true; readonly currentRevision: bigint; readonly last: StoredEvent | undefined }
  | { readonly ok: false; readonly currentRevision: bigint };

export type InMemoryLog = {
  readonly all: readonly StoredEvent[];
  readonly stream: (name: string) => readonly StoredEvent[] | undefined;
  readonly append: (
    streamName: string,
    expected: ExpectedState,
    events: readonly ProposedEvent[],
  ) => AppendOutcome;
  /** Index of the first event at or after `position` in $all. */
  readonly indexAtOrAfter: (position: bigint) => number;
  readonly onAppend: (listener: () => void) => () => void;
};

// Every real log starts with system records; seeding one keeps the adapter honest about skipping them.
const SEED: ProposedEvent = {
  id: '00000000-0000-4000-8000-000000000000',
  type: '$epoch-information',
  contentType: 'application/json',
  data: new TextEncoder().encode('{"epochNumber":0}'),
  customMetadata: new Uint8Array(),
};

export function createInMemoryLog(): InMemoryLog {
  const all: StoredEvent[] = [];
  const streams = new Map<string, StoredEvent[]>();
  const listeners = new Set<() => void>();
  let nextPosition = 0n;

  function store(streamName: string, event: ProposedEvent): StoredEvent {
    const events = streams.get(streamName) ?? [];
    streams.set(streamName, events);
    const stored: StoredEvent = {
      ...event,
      streamName,
      revision: BigInt(events.length),
      position: nextPosition,
      created: BigInt(Date.now()) * 10_000n,
    };
    nextPosition += BigInt(
      128 + streamName.length + event.type.length + event.data.length + event.customMetadata.length,
    );
    events.push(stored);
    all.push(stored);
    return stored;
  }

  function append(
    streamName: string,
    expected: ExpectedState,
    events: readonly ProposedEvent[],
  ): AppendOutcome {
    const currentRevision = BigInt(streams.get(streamName)?.length ?? 0) - 1n;
    if (!satisfies(expected, currentRevision)) return { ok: false, currentRevision };
    const stored = events.map((event) => store(streamName, event));
    if (stored.length > 0) for (const listener of listeners) listener();
    return { ok: true, currentRevision: currentRevision + BigInt(stored.length), last: stored.at(-1) };
  }

  function indexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = all.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (all[mid]!.position < position) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  store('$epochs', SEED);
  return {
    all,
    stream: (name) => streams.get(name),
    append,
    indexAtOrAfter,
    onAppend: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function satisfies(expected: ExpectedState, current: bigint): boolean {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1n;
    case 'stream_exists':
      return current !== -1n;
    case 'revision':
      return current === expected.revision;
  }
}
