/**
 * The SQL idempotency store: one row per (scope, key), claimed with a random owner token
 * before the work runs, so two concurrent first attempts cannot both run.
 */
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { IdempotencyError } from '../commands/domain-error.js';
import type { IdempotencyClaim, IdempotencyStore } from '../commands/idempotency.js';

export const IDEMPOTENCY_TABLE = 'idempotency_keys';

type Row = { owner: string; fingerprint: string; result: string | null };

export async function createSqlIdempotencyStore(db: Knex): Promise<IdempotencyStore> {
  if (!(await db.schema.hasTable(IDEMPOTENCY_TABLE))) {
    await db.schema.createTable(IDEMPOTENCY_TABLE, (t) => {
      t.string('scope', 100).notNullable();
      t.string('idem_key', 200).notNullable();
      t.string('owner', 36).notNullable();
      t.string('fingerprint', 64).notNullable();
      t.text('result', 'longtext').nullable();
      t.timestamp('created_at').notNullable().index();
      t.primary(['scope', 'idem_key']);
    });
  }
  const where = (claim: IdempotencyClaim) => ({ scope: claim.scope, idem_key: claim.key });

  async function run<T>(claim: IdempotencyClaim, work: () => Promise<T>): Promise<T> {
    const owner = randomUUID();
    await db(IDEMPOTENCY_TABLE)
      .insert({
        ...where(claim),
        owner,
        fingerprint: claim.fingerprint,
        result: null,
        created_at: new Date(),
      })
      .onConflict(['scope', 'idem_key'])
      .ignore();
    const row = await db<Row>(IDEMPOTENCY_TABLE).where(where(claim)).first();
    if (row === undefined) throw new Error('idempotency claim vanished');
    if (row.fingerprint !== claim.fingerprint)
      throw new IdempotencyError(
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was used for a different request',
      );
    if (row.owner !== owner) {
      if (row.result === null)
        throw new IdempotencyError(
          'IDEMPOTENCY_IN_PROGRESS',
          'a request with this Idempotency-Key is still running',
        );
      return JSON.parse(row.result) as T;
    }
    try {
      const result = await work();
      await db(IDEMPOTENCY_TABLE)
        .where(where(claim))
        .update({ result: JSON.stringify(result) });
      return result;
    } catch (error) {
      // A failed first attempt leaves no trace, so the client may retry with the same key.
      await db(IDEMPOTENCY_TABLE)
        .where({ ...where(claim), owner })
        .delete();
      throw error;
    }
  }

  return { run };
}
