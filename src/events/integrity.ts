/**
 * The integrity chain (DESIGN.md §4): each event's hash covers its stream, revision, type,
 * data and metadata (as stored: personal fields are ciphertext, so erasure never breaks it)
 * and the previous event's hash in the same stream. Editing any stored byte breaks a link.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted, so the same value always hashes the same (undefined members
 * dropped, as JSON does). Built by appending to one string: every append hashes three of
 * these, and arrays of parts joined per object took twice as long.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out += (i === 0 ? '' : ',') + (v === undefined ? 'null' : canonicalJson(v));
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined || typeof v === 'function') continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

export type HashableEvent = {
  readonly streamId: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  /** Metadata without `hash` and `prevHash`. */
  readonly metadata: object;
};

export function eventHash(event: HashableEvent, prevHash: string): string {
  const text = [
    prevHash,
    event.streamId,
    event.revision.toString(),
    event.type,
    canonicalJson(event.data),
    canonicalJson(event.metadata),
  ].join('\n');
  return createHash('sha256').update(text).digest('hex');
}

/** Strips the integrity fields so what remains is what was hashed. */
export function withoutIntegrity<M extends { hash?: string; prevHash?: string }>(
  metadata: M,
): Omit<M, 'hash' | 'prevHash'> {
  const { hash: _h, prevHash: _p, ...rest } = metadata;
  return rest;
}

/** Stamps a batch for one stream, continuing from `prevHash`. */
export function chainEvents<E extends { type: string; data: unknown; metadata: object }>(
  streamId: string,
  firstRevision: bigint,
  prevHash: string,
  events: readonly E[],
): { event: E; hash: string; prevHash: string }[] {
  let prev = prevHash;
  return events.map((event, i) => {
    const hash = eventHash({ streamId, revision: firstRevision + BigInt(i), ...event }, prev);
    const link = { event, hash, prevHash: prev };
    prev = hash;
    return link;
  });
}
