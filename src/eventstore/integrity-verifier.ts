/**
 * Walks the log (or one stream) and recomputes the integrity chain. Reports the first
 * broken link: an event whose stored hash does not match its content, or whose prevHash is
 * not the hash of the event before it in its stream. Run on the raw store, not the event
 * log, because the chain covers what is stored (ciphertext included).
 */
import type { RecordedEvent } from '../events/envelope.js';
import { eventHash, GENESIS_HASH, withoutIntegrity } from '../events/integrity.js';
import type { EventStore } from './event-store.port.js';

export type VerifyResult = {
  readonly verifiedEvents: number;
  readonly brokenAt: null | {
    readonly streamId: string;
    readonly revision: string;
    readonly position: string;
  };
};

const PAGE = 1000;

export async function verifyIntegrity(
  store: EventStore,
  options: { readonly streamId?: string; readonly onProgress?: (verified: number) => void } = {},
): Promise<VerifyResult> {
  const lastHash = new Map<string, string>();
  let verified = 0;
  const check = (event: RecordedEvent): VerifyResult['brokenAt'] => {
    const expectedPrev = lastHash.get(event.streamId) ?? GENESIS_HASH;
    const hash = eventHash({ ...event, metadata: withoutIntegrity(event.metadata) }, expectedPrev);
    if (event.metadata.prevHash !== expectedPrev || event.metadata.hash !== hash) {
      return {
        streamId: event.streamId,
        revision: event.revision.toString(),
        position: event.position.toString(),
      };
    }
    lastHash.set(event.streamId, hash);
    verified++;
    return null;
  };
  for await (const page of pages(store, options.streamId)) {
    for (const event of page) {
      const broken = check(event);
      if (broken !== null) return { verifiedEvents: verified, brokenAt: broken };
    }
    options.onProgress?.(verified);
  }
  return { verifiedEvents: verified, brokenAt: null };
}

async function* pages(store: EventStore, streamId?: string): AsyncGenerator<RecordedEvent[]> {
  if (streamId !== undefined) {
    for (let from = 0n; ; from += BigInt(PAGE)) {
      const page = await store.readStream(streamId, { fromRevision: from, maxCount: PAGE });
      if (page.length > 0) yield page;
      if (page.length < PAGE) return;
    }
  }
  for (let from = 0n; ;) {
    const page = await store.readAll({ from, limit: PAGE });
    if (page.length === 0) return;
    yield page;
    from = page[page.length - 1]!.position;
  }
}
