/**
 * Physical read-model tables per generation, and the views queries read.
 *
 * A projector's logical table `visits` lives as `visits__g<generation>`; `visits` itself is a
 * view on the serving generation, so a rebuild fills `visits__g2` while `visits__g1` keeps
 * answering, and the switch only re-points views. Logical names are capped so the physical
 * name fits MySQL's 64-character identifiers. Let knex name indexes (its names start with
 * the physical table name): an explicit index name would clash between generations on SQLite,
 * where index names are global. Tables of one projector must not reference each other by
 * foreign key, since the logical names are views.
 */
import type { Knex } from 'knex';
import { isMysql, sqlDialect } from '../../db/knex-connection.js';
import type { Projector } from '../projector.js';
import { ProjectionRuntimeError } from './projection-runtime.errors.js';
import { MAX_PROJECTOR_NAME } from './projection-runtime.schema.js';
import { ensureState, setFirstGeneration, type ProjectionState } from './projection-state.store.js';

const MAX_IDENTIFIER = 64;
const GENERATION_SUFFIX_ROOM = '__g'.length + 6;

export function physicalTableName(logical: string, generation: number): string {
  return `${logical}__g${generation}`;
}

export function validateProjector(projector: Projector): void {
  const fail = (why: string) => {
    throw new ProjectionRuntimeError('INVALID_PROJECTOR', `projector ${projector.name}: ${why}`);
  };
  if (projector.name.length === 0 || projector.name.length > MAX_PROJECTOR_NAME)
    fail(`name must have 1 to ${MAX_PROJECTOR_NAME} characters`);
  if (!Number.isInteger(projector.version) || projector.version < 1)
    fail('version must be a positive integer');
  for (const logical of Object.keys(projector.tables)) {
    if (!/^[a-z][a-z0-9_]*$/.test(logical)) fail(`table ${logical} must be snake_case`);
    if (logical.length > MAX_IDENTIFIER - GENERATION_SUFFIX_ROOM)
      fail(`table ${logical} is longer than ${MAX_IDENTIFIER - GENERATION_SUFFIX_ROOM} characters`);
  }
}

/** Logical → physical table names of one generation; throws on a name the projector did not declare. */
export function tableNamer(projector: Projector, generation: number): (logical: string) => string {
  const names = new Map(Object.keys(projector.tables).map((t) => [t, physicalTableName(t, generation)]));
  return (logical) => {
    const physical = names.get(logical);
    if (physical === undefined)
      throw new ProjectionRuntimeError(
        'INVALID_PROJECTOR',
        `projector ${projector.name} has no table ${logical}`,
      );
    return physical;
  };
}

type RelationKind = 'table' | 'view';

async function relations(db: Knex): Promise<Map<string, RelationKind>> {
  type Row = { name: string; type: string };
  const rows = isMysql(db)
    ? (
        (await db.raw(
          'SELECT table_name AS name, table_type AS type FROM information_schema.tables WHERE table_schema = DATABASE()',
        )) as [Row[]]
      )[0]
    : await db<Row>('sqlite_master').select('name', 'type').whereIn('type', ['table', 'view']);
  return new Map(rows.map((r) => [r.name, r.type.toLowerCase() === 'view' ? 'view' : 'table']));
}

/** Fresh, empty tables for a generation (leftovers of an abandoned attempt are dropped first). */
export async function createGenerationTables(
  db: Knex,
  projector: Projector,
  generation: number,
): Promise<void> {
  await dropGenerationTables(db, projector, generation);
  const dialect = sqlDialect(db);
  for (const [logical, schema] of Object.entries(projector.tables))
    await db.schema.createTable(physicalTableName(logical, generation), (t) => schema(t, dialect));
}

export async function dropGenerationTables(
  db: Knex,
  projector: Projector,
  generation: number,
): Promise<void> {
  for (const logical of Object.keys(projector.tables))
    await db.schema.dropTableIfExists(physicalTableName(logical, generation));
}

export async function generationTablesExist(
  db: Knex,
  projector: Projector,
  generation: number,
): Promise<boolean> {
  const existing = await relations(db);
  return Object.keys(projector.tables).every(
    (logical) => existing.get(physicalTableName(logical, generation)) === 'table',
  );
}

/**
 * Points every logical view at `generation`, then runs `andThen` (the state update). On
 * SQLite all of it is one transaction. MySQL commits each DDL statement on its own, so views
 * are replaced one by one (each atomically) before the state row; a crash in between leaves
 * views the next start re-points from the state row.
 */
export async function pointViews(
  db: Knex,
  projector: Projector,
  generation: number,
  andThen: (db: Knex) => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  const existing = await relations(db);
  for (const logical of Object.keys(projector.tables))
    if (existing.get(logical) === 'table')
      throw new ProjectionRuntimeError(
        'INVALID_PROJECTOR',
        `${logical} is a table, not a view of the projection runtime: drop or rename it (projector ${projector.name})`,
      );
  const views = Object.keys(projector.tables).map((l) => [l, physicalTableName(l, generation)] as const);
  if (isMysql(db)) {
    for (const [logical, physical] of views)
      await db.raw('CREATE OR REPLACE VIEW ?? AS SELECT * FROM ??', [logical, physical]);
    await andThen(db);
    return;
  }
  await db.transaction(async (trx) => {
    for (const [logical, physical] of views) {
      await trx.raw('DROP VIEW IF EXISTS ??', [logical]);
      await trx.raw('CREATE VIEW ?? AS SELECT * FROM ??', [logical, physical]);
    }
    await andThen(trx);
  });
}

/** Drops the projector's generation tables other than `keep` (left by a crash mid-switch). */
export async function dropStaleGenerations(
  db: Knex,
  projector: Projector,
  keep: readonly number[],
): Promise<void> {
  const existing = await relations(db);
  for (const logical of Object.keys(projector.tables)) {
    const pattern = new RegExp(`^${logical}__g(\\d+)$`);
    for (const [name, kind] of existing) {
      const generation = pattern.exec(name)?.[1];
      if (kind === 'table' && generation !== undefined && !keep.includes(Number(generation)))
        await db.schema.dropTableIfExists(name);
    }
  }
}

/**
 * Readies a projector's tables as its new owner: generation 1 on a first start, leftovers of
 * a crash dropped, views on the serving generation. `usable` is false when the serving
 * generation was built by another version or its tables are gone: it must be rebuilt.
 */
export async function bringUpTables(
  db: Knex,
  projector: Projector,
): Promise<{ readonly state: ProjectionState; readonly usable: boolean }> {
  let state = await ensureState(db, projector);
  if (state.generation === 0) {
    await createGenerationTables(db, projector, 1);
    await pointViews(db, projector, 1, (d) => setFirstGeneration(d, projector.name, projector.version));
    state = await ensureState(db, projector);
  }
  await dropStaleGenerations(db, projector, [state.generation, state.rebuild?.generation ?? 0]);
  const usable =
    state.version === projector.version && (await generationTablesExist(db, projector, state.generation));
  if (usable) await pointViews(db, projector, state.generation);
  return { state, usable };
}
