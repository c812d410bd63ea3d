/**
 * Set-based writes for a projector's `applyBatch`: the rows a batch produces for a table go in
 * one multi-row statement (in chunks) instead of one or two statements per event, and counter
 * increments for the same row are summed in memory first. On SQLite a statement costs more to
 * build and run than the row it writes; on MySQL each statement is a round trip.
 *
 * The SQL is written here with VALUES lists on purpose: knex builds a multi-row SQLite insert as
 * SELECT … UNION ALL SELECT …, several times slower per row, and has no counter upsert.
 */
import type { ProjectionContext } from './projector.js';

export type Value = string | number | boolean | null;
export type Row = Readonly<Record<string, Value>>;

/** Rows per statement: well under SQLite's and MySQL's limits on bound values. */
const ROWS_PER_STATEMENT = 250;

/** Inserts `rows`, skipping each whose `keys` already exist. */
export function insertIgnore(
  ctx: ProjectionContext,
  table: string,
  keys: readonly string[],
  rows: readonly Row[],
): Promise<void> {
  return writeRows(ctx, table, rows, (mysql) => ({
    verb: mysql ? 'INSERT IGNORE' : 'INSERT',
    tail: mysql ? '' : ` ON CONFLICT (${names(keys)}) DO NOTHING`,
  }));
}

export type CounterBatch = {
  /** Adds `increments` to the row at `key`, counted as of event `position`. */
  readonly add: (key: Row, increments: Readonly<Record<string, number>>, position: bigint) => void;
  /** Writes the summed increments, one upsert per chunk of rows; the batch is empty afterwards. */
  readonly write: (ctx: ProjectionContext) => Promise<void>;
};

/**
 * Counters in `table` (key columns, numeric value columns and a `last_position` column),
 * incremented by a batch. A row's sum lands only if the row's `last_position` is below the
 * batch's last position for it, so the same batch applied twice counts once. The runtime
 * commits rows and checkpoint together, so a batch never lands half-way: the guard does not
 * have to split a batch's sum by position.
 */
export function counterBatch(
  table: string,
  keys: readonly string[],
  values: readonly string[],
): CounterBatch {
  const rows = new Map<string, Record<string, Value>>();
  return {
    add(key, increments, position) {
      const id = JSON.stringify(keys.map((k) => key[k]));
      let row = rows.get(id);
      if (row === undefined) {
        row = { ...key };
        for (const value of values) row[value] = 0;
        rows.set(id, row);
      }
      for (const [column, by] of Object.entries(increments)) {
        if (!values.includes(column)) throw new Error(`${table} has no counter ${column}`);
        row[column] = (row[column] as number) + by;
      }
      row.last_position = String(position);
    },
    async write(ctx) {
      const batch = [...rows.values()];
      rows.clear();
      const guarded = (mysql: boolean, then: string, otherwise: string) =>
        `CASE WHEN ${name('last_position')} < ${incoming(mysql, 'last_position')} THEN ${then} ELSE ${otherwise} END`;
      await writeRows(ctx, table, batch, (mysql) => ({
        verb: 'INSERT',
        // MySQL evaluates the assignments in order and later ones see earlier ones, so the
        // values go first, while last_position still holds the old position.
        tail: onConflict(mysql, keys, [
          ...values.map(
            (v) => `${name(v)} = ${guarded(mysql, `${name(v)} + ${incoming(mysql, v)}`, name(v))}`,
          ),
          `${name('last_position')} = ${guarded(mysql, incoming(mysql, 'last_position'), name('last_position'))}`,
        ]),
      }));
    },
  };
}

type Statement = (mysql: boolean) => { readonly verb: string; readonly tail: string };

/** Rows with the same columns go in one statement per chunk; rows of another shape in their own. */
async function writeRows(
  ctx: ProjectionContext,
  table: string,
  rows: readonly Row[],
  statement: Statement,
): Promise<void> {
  const { verb, tail } = statement(ctx.dialect === 'mysql');
  for (const [columns, shaped] of byColumns(rows)) {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    for (let i = 0; i < shaped.length; i += ROWS_PER_STATEMENT) {
      const chunk = shaped.slice(i, i + ROWS_PER_STATEMENT);
      const bindings = chunk.flatMap((row) => columns.map((column) => row[column]!));
      const tuples = new Array<string>(chunk.length).fill(tuple).join(', ');
      await ctx.trx.raw(
        `${verb} INTO ${name(ctx.tableName(table))} (${names(columns)}) VALUES ${tuples}${tail}`,
        bindings,
      );
    }
  }
}

function byColumns(rows: readonly Row[]): Map<readonly string[], Row[]> {
  const shapes = new Map<string, { columns: readonly string[]; rows: Row[] }>();
  for (const row of rows) {
    const columns = Object.keys(row).sort();
    const key = columns.join();
    const shape = shapes.get(key);
    if (shape === undefined) shapes.set(key, { columns, rows: [row] });
    else shape.rows.push(row);
  }
  return new Map([...shapes.values()].map((shape) => [shape.columns, shape.rows]));
}

function onConflict(mysql: boolean, keys: readonly string[], assignments: readonly string[]): string {
  return mysql
    ? ` ON DUPLICATE KEY UPDATE ${assignments.join(', ')}`
    : ` ON CONFLICT (${names(keys)}) DO UPDATE SET ${assignments.join(', ')}`;
}

/** The value the statement tried to insert into `column`, inside an upsert's update part. */
const incoming = (mysql: boolean, column: string) =>
  mysql ? `VALUES(${name(column)})` : `excluded.${name(column)}`;

function name(identifier: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(identifier)) throw new Error(`unsafe identifier ${identifier}`);
  return `\`${identifier}\``;
}

const names = (identifiers: readonly string[]) => identifiers.map(name).join(', ');

/**
 * Walks a batch in order: each longest run of events that `inRun` accepts goes to `run` at once
 * (set-based), every other event to `one` by itself, so events keep their order's effects.
 */
export async function inRuns<E>(
  events: readonly E[],
  inRun: (event: E) => boolean,
  run: (events: readonly E[]) => Promise<void>,
  one: (event: E) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < events.length;) {
    let end = i;
    while (end < events.length && inRun(events[end]!)) end++;
    if (end > i) await run(events.slice(i, end));
    else await one(events[end++]!);
    i = end;
  }
}
