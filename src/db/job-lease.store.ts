/**
 * Leases for scheduled work that must run in one process only (report schedules): a row per
 * key in the read-model database, taken by inserting it and freed by its expiry. Whoever
 * inserts first holds it until `expires_at`; an expired row is cleared by the next taker.
 */
import type { Knex } from 'knex';

const TABLE = 'job_leases';

export type JobLeases = {
  /** True when this owner now holds `key` for `ttlMs`. */
  readonly acquire: (key: string, ttlMs: number) => Promise<boolean>;
};

export async function createJobLeases(db: Knex, owner: string): Promise<JobLeases> {
  if (!(await db.schema.hasTable(TABLE)))
    await db.schema
      .createTable(TABLE, (t) => {
        t.string('job_key', 200).primary();
        t.string('owner', 200).notNullable();
        t.bigInteger('expires_at').notNullable();
      })
      .catch(async (error: unknown) => {
        // Another process created it first.
        if (!(await db.schema.hasTable(TABLE))) throw error;
      });
  return {
    acquire: async (key, ttlMs) => {
      const now = Date.now();
      await db(TABLE).where('job_key', key).where('expires_at', '<', now).delete();
      try {
        await db(TABLE).insert({ job_key: key, owner, expires_at: now + ttlMs });
        return true;
      } catch {
        return false;
      }
    },
  };
}
