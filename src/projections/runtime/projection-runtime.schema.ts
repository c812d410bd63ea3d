/**
 * The projection runtime's own bookkeeping tables, next to the read models they describe:
 * one state row per projector (which generation serves, how far it has read, a rebuild in
 * progress), one lease row per projector (which process runs it), and the parked events.
 *
 * Times are epoch milliseconds in BIGINT columns, so SQLite and MySQL compare them alike.
 */
import type { Knex } from 'knex';

export const STATE_TABLE = 'projection_state';
export const LEASES_TABLE = 'projection_leases';
export const PARKED_TABLE = 'projection_parked_events';

/** Longest projector name; it keys every bookkeeping table. */
export const MAX_PROJECTOR_NAME = 100;

const tables: Readonly<Record<string, (t: Knex.CreateTableBuilder) => void>> = {
  [STATE_TABLE]: (t) => {
    t.string('name', MAX_PROJECTOR_NAME).primary();
    t.integer('version').notNullable();
    /** 0 until the first generation's tables exist. */
    t.integer('generation').notNullable();
    t.bigInteger('checkpoint').notNullable();
    t.string('status', 20).notNullable();
    t.bigInteger('updated_at').notNullable();
    t.integer('rebuild_generation').nullable();
    t.integer('rebuild_version').nullable();
    t.bigInteger('rebuild_checkpoint').nullable();
    t.bigInteger('rebuild_target').nullable();
    /** Set by a process that cannot run the rebuild itself; the lease holder takes it up. */
    t.bigInteger('rebuild_requested_at').nullable();
  },
  [LEASES_TABLE]: (t) => {
    t.string('name', MAX_PROJECTOR_NAME).primary();
    t.string('owner', 200).notNullable();
    t.bigInteger('expires_at').notNullable();
  },
  [PARKED_TABLE]: (t) => {
    t.string('projector', MAX_PROJECTOR_NAME).notNullable();
    // A rebuild parks into its own generation; the switch drops the old generation's rows.
    t.integer('generation').notNullable();
    t.bigInteger('position').notNullable();
    t.string('stream_id', 255).notNullable();
    t.string('type', 200).notNullable();
    t.string('error', 1000).notNullable();
    t.integer('attempts').notNullable();
    t.bigInteger('parked_at').notNullable();
    t.primary(['projector', 'generation', 'position']);
  },
};

/** Creates the bookkeeping tables that are missing; safe to run from several processes at once. */
export async function migrateProjectionRuntime(db: Knex): Promise<void> {
  for (const [name, schema] of Object.entries(tables)) {
    if (await db.schema.hasTable(name)) continue;
    try {
      await db.schema.createTable(name, schema);
    } catch (error) {
      // Another process created it between our check and our CREATE.
      if (!(await db.schema.hasTable(name))) throw error;
    }
  }
}
