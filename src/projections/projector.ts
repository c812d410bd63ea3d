/**
 * What a projector is (DESIGN.md §7): a name and version, the event types it handles, the
 * read-model tables it owns, and how an event changes them. The runtime in ./runtime runs it.
 *
 * Tables are declared by logical name. The projector writes through `ctx.table(name)` into the
 * physical tables of its current generation; queries read the logical name, a view the runtime
 * points at the generation that is live, which is how a rebuild can switch over atomically.
 */
import type { Knex } from 'knex';
import type { RecordedEvent } from '../events/envelope.js';

/** Builds a table; `dialect` for what the two speak differently (a generated column's expression). */
export type TableSchema = (table: Knex.CreateTableBuilder, dialect: 'sqlite' | 'mysql') => void;

export type ProjectionContext = {
  readonly trx: Knex.Transaction;
  /** A query builder on the physical table behind a logical name, inside the batch transaction. */
  readonly table: (name: string) => Knex.QueryBuilder;
  /** The physical table name behind a logical name (for raw SQL). */
  readonly tableName: (name: string) => string;
  /** Which SQL the read-model database speaks (for raw SQL). */
  readonly dialect: 'sqlite' | 'mysql';
};

export type Projector = {
  readonly name: string;
  /** Bump when the tables or apply logic change: the runtime rebuilds into fresh tables. */
  readonly version: number;
  readonly handles: readonly string[];
  readonly tables: Readonly<Record<string, TableSchema>>;
  /** Must be idempotent per event: the runtime applies each event exactly once, but tests check twice changes nothing. */
  readonly apply: (ctx: ProjectionContext, event: RecordedEvent) => Promise<void>;
  /** Optional faster path for a whole batch (e.g. one multi-row insert). */
  readonly applyBatch?: (ctx: ProjectionContext, events: readonly RecordedEvent[]) => Promise<void>;
  /** What to do with an event that still fails after retries: park it and go on (default), or stop. */
  readonly onPoison?: 'park' | 'stop';
};
