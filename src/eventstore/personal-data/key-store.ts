/**
 * Per-subject data keys, kept outside the event log (on MySQL in the read-model database, in a
 * table no projection owns or rebuilds; embedded, in a SQLite file of their own). Keys are stored wrapped under a master key. Erasing a
 * subject deletes its key ("crypto-shredding"): every copy of its personal fields, in
 * events, exports and backups of the log, becomes unreadable at once.
 */
import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { batchedLookup } from '../../db/batched-lookup.js';
import { isMysql } from '../../db/knex-connection.js';
import { unwrapKey, wrapKey } from './field-cipher.js';

export const SUBJECT_KEYS_TABLE = 'subject_keys';

export type KeyStore = {
  /** The subject's key, created on first use. */
  readonly keyFor: (subjectId: string) => Promise<Buffer>;
  /** Keys of the given subjects that exist and are not erased. */
  readonly findKeys: (subjectIds: readonly string[]) => Promise<Map<string, Buffer>>;
  /** Destroys the key; returns false when the subject had none. */
  readonly erase: (subjectId: string) => Promise<boolean>;
  /** Drops the subject's cached key: another handle (a projection thread's, say) has erased it. */
  readonly forget: (subjectId: string) => void;
};

type KeyRow = { subject_id: string; wrapped_key: string | null };

export type SqlKeyStoreOptions = {
  readonly masterKey: Buffer;
  /** How long a key stays cached; bounds how long another process may still read an erased subject. */
  readonly cacheTtlMs?: number;
};

export async function createSqlKeyStore(db: Knex, options: SqlKeyStoreOptions): Promise<KeyStore> {
  if (options.masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  if (!(await db.schema.hasTable(SUBJECT_KEYS_TABLE))) {
    await db.schema.createTable(SUBJECT_KEYS_TABLE, (t) => {
      t.string('subject_id', 100).primary();
      t.string('wrapped_key', 200).nullable();
      t.timestamp('created_at').notNullable();
      t.timestamp('erased_at').nullable();
    });
  }
  const ttl = options.cacheTtlMs ?? 60_000;
  const cache = new Map<string, { key: Buffer; until: number }>();
  const remember = (subjectId: string, key: Buffer) => {
    if (cache.size > 50_000) cache.clear();
    cache.set(subjectId, { key, until: Date.now() + ttl });
  };
  const cached = (subjectId: string) => {
    const hit = cache.get(subjectId);
    return hit !== undefined && hit.until > Date.now() ? hit.key : undefined;
  };

  async function findKeys(subjectIds: readonly string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    const missing = [...new Set(subjectIds)].filter((id) => {
      const key = cached(id);
      if (key !== undefined) found.set(id, key);
      return key === undefined;
    });
    for (let i = 0; i < missing.length; i += 500) {
      const rows = await db<KeyRow>(SUBJECT_KEYS_TABLE)
        .select('subject_id', 'wrapped_key')
        .whereIn('subject_id', missing.slice(i, i + 500));
      for (const row of rows) {
        const key =
          row.wrapped_key === null
            ? undefined
            : unwrapKey(options.masterKey, row.subject_id, row.wrapped_key);
        if (key === undefined) continue;
        remember(row.subject_id, key);
        found.set(row.subject_id, key);
      }
    }
    return found;
  }

  // Keys asked for in the same turn of the event loop are created together: one look-up, one
  // multi-row insert (one commit instead of one per visitor under check-in load) and one read back.
  const createKeys = batchedLookup<string, Buffer>(async (ids) => {
    const existing = await findKeys(ids);
    const missing = ids.filter((id) => !existing.has(id));
    if (missing.length > 0) {
      await storeNewKeys(missing, new Date());
      // Another process may have won the race for some: whatever is stored now is the key.
      for (const [id, key] of await findKeys(missing)) existing.set(id, key);
    }
    return existing;
  });

  async function keyFor(subjectId: string): Promise<Buffer> {
    const key = cached(subjectId) ?? (await createKeys(subjectId));
    if (key === undefined) throw new Error('subject key could not be stored');
    return key;
  }

  // A subject erased earlier gets a fresh key: what was shredded stays shredded.
  const keepStored = isMysql(db)
    ? `coalesce(${SUBJECT_KEYS_TABLE}.wrapped_key, values(wrapped_key))`
    : `coalesce(${SUBJECT_KEYS_TABLE}.wrapped_key, excluded.wrapped_key)`;

  async function storeNewKeys(subjectIds: readonly string[], createdAt: Date): Promise<void> {
    const rows = subjectIds.map((subjectId) => ({
      subject_id: subjectId,
      wrapped_key: wrapKey(options.masterKey, subjectId, randomBytes(32)),
      created_at: createdAt,
      erased_at: null,
    }));
    await db(SUBJECT_KEYS_TABLE)
      .insert(rows)
      .onConflict('subject_id')
      .merge({ wrapped_key: db.raw(keepStored), erased_at: null });
  }

  async function erase(subjectId: string): Promise<boolean> {
    cache.delete(subjectId);
    const count = await db(SUBJECT_KEYS_TABLE)
      .where({ subject_id: subjectId })
      .update({ wrapped_key: null, erased_at: new Date() });
    return count > 0;
  }

  return { keyFor, findKeys, erase, forget: (subjectId) => void cache.delete(subjectId) };
}

/**
 * Moves the keys of an older layout (`from`: the read-model database) to their own database
 * (`to`, where the key store has created its table), then drops them from `from`: a copy left
 * behind would survive erasure. Keys already in `to` win; safe to run again after a stop.
 */
export async function moveSubjectKeys(from: Knex, to: Knex): Promise<number> {
  if (!(await from.schema.hasTable(SUBJECT_KEYS_TABLE))) return 0;
  const rows: Record<string, unknown>[] = await from(SUBJECT_KEYS_TABLE).select(
    'subject_id',
    'wrapped_key',
    'created_at',
    'erased_at',
  );
  await to.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += 500)
      await trx(SUBJECT_KEYS_TABLE)
        .insert(rows.slice(i, i + 500))
        .onConflict('subject_id')
        .ignore();
  });
  await from.schema.dropTable(SUBJECT_KEYS_TABLE);
  return rows.length;
}
