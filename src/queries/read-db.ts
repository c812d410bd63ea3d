/**
 * The handle on the read-model database that query functions take. Routes pass it through
 * from their deps without touching it; only queries (and projections) build SQL.
 */
import type { Knex } from 'knex';

export type ReadDb = Knex;
