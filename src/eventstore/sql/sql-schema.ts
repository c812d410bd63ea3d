/**
 * Tables of the SQL event store. Data and metadata are kept as text, byte for byte as
 * written, because the integrity chain hashes them (MySQL's JSON type would reorder keys).
 */
import type { Knex } from 'knex';
import { isMysql } from '../../db/knex-connection.js';

export const EVENTS_TABLE = 'es_events';
/** One row holding the last allocated global position; locked by every append on MySQL. */
export const HEAD_TABLE = 'es_head';

export async function migrateEventStore(db: Knex): Promise<void> {
  // Stream ids and types compare byte for byte, as they do in EventStoreDB.
  const binary = (c: Knex.ColumnBuilder) => (isMysql(db) ? c.collate('utf8mb4_bin') : c);
  if (!(await db.schema.hasTable(EVENTS_TABLE))) {
    await db.schema.createTable(EVENTS_TABLE, (t) => {
      t.bigInteger('global_position').primary();
      binary(t.string('stream_id', 255)).notNullable();
      t.bigInteger('revision').notNullable();
      t.string('event_id', 36).notNullable().unique();
      binary(t.string('type', 200)).notNullable();
      t.text('data', 'longtext').notNullable();
      t.text('metadata', 'longtext').notNullable();
      t.string('hash', 64).notNullable();
      t.string('prev_hash', 64).notNullable();
      t.unique(['stream_id', 'revision']);
      t.index(['type', 'global_position']);
    });
  }
  if (!(await db.schema.hasTable(HEAD_TABLE))) {
    await db.schema.createTable(HEAD_TABLE, (t) => {
      t.integer('id').primary();
      t.bigInteger('position').notNullable();
    });
    await db(HEAD_TABLE).insert({ id: 1, position: 0 }).onConflict('id').ignore();
  }
}
