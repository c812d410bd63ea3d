/**
 * Opens a knex connection to the embedded SQLite default or to MySQL/MariaDB.
 * Called by the composition root (and tests); nothing else opens connections.
 */
import knex, { type Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

export type DatabaseTarget =
  { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'mysql'; readonly url: string };

export function databaseTarget(url: string | undefined, sqliteFile: string): DatabaseTarget {
  if (url === undefined || url === '') return { kind: 'sqlite', file: sqliteFile };
  if (/^(mysql|mariadb):\/\//.test(url)) return { kind: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
  throw new Error('database URL must start with mysql:// or mariadb://');
}

type SqliteConnection = { pragma(source: string): unknown };

export type OpenOptions = {
  /** Most connections (MySQL; SQLite always has one). */
  readonly max?: number;
  /** SQLite: a read-only connection, which never takes the write lock (see queryDatabase). */
  readonly readonly?: boolean;
};

export function openDatabase(target: DatabaseTarget, pool: OpenOptions = {}): Knex {
  if (target.kind === 'mysql') {
    return knex({
      client: PreparingMysqlClient as unknown as typeof knex.Client,
      connection: {
        uri: target.url,
        supportBigNumbers: true,
        bigNumberStrings: true,
        charset: 'utf8mb4',
        maxPreparedStatements: MYSQL_STATEMENTS_PER_CONNECTION,
      } as never,
      pool: { min: 0, max: pool.max ?? 10 },
    });
  }
  if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
  return knex({
    client: CachingSqliteClient as unknown as typeof knex.Client,
    connection: { filename: target.file, options: { readonly: pool.readonly === true } },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) => {
        // WAL lets readers in other processes go on while one writes; NORMAL sync keeps every
        // acknowledged commit across a process kill (only power loss can drop the last ones).
        if (pool.readonly !== true) {
          conn.pragma('journal_mode = WAL');
          conn.pragma('synchronous = NORMAL');
        }
        conn.pragma('busy_timeout = 5000');
        conn.pragma('foreign_keys = ON');
        tuneSqliteReads(conn);
        done(null, conn);
      },
    },
  });
}

/**
 * The handle queries read through. On SQLite a second, read-only connection to the same file:
 * the writable one (pool of one, since a synchronous driver must never wait for SQLite's
 * write lock) is held across each projection batch's transaction, and reads queued behind it
 * waited for every batch; in WAL mode a reader sees the last commit without waiting. The file
 * must exist (the writable connection creates it). On MySQL the pool already has room: the same handle.
 */
export function queryDatabase(target: DatabaseTarget, writable: Knex): Knex {
  return target.kind === 'mysql' ? writable : openDatabase(target, { readonly: true });
}

/**
 * A page cache of 32 MiB instead of 2: a history page over 50,000 visits went from about 340
 * to 180–250 µs of SQL. (A memory map did as well for a lone connection, but a connection
 * that reads what another one writes then paid about 150 µs more per read after each commit.)
 */
export function tuneSqliteReads(conn: SqliteConnection): void {
  conn.pragma('cache_size = -32768');
}

type Statement = {
  readonly reader: boolean;
  safeIntegers(on: boolean): Statement;
  raw(on: boolean): Statement;
  columns(): { readonly name: string }[];
  all(bindings: unknown[]): unknown[];
  run(bindings: unknown[]): { changes: number; lastInsertRowid: number | bigint };
};
type PreparingConnection = { prepare(sql: string): Statement };
type QueryObject = {
  sql?: string;
  method?: string;
  bindings?: unknown[];
  options?: unknown;
  response?: unknown;
  context?: unknown;
};
type BetterSqliteClient = {
  _optSafeIntegers(options: unknown): boolean | undefined;
  _formatBindings(bindings: unknown[] | undefined): unknown[];
};

const STATEMENTS_PER_CONNECTION = 500;
const DDL = /^\s*(create|drop|alter|pragma|vacuum|attach|detach)\b/i;
const statementCaches = new WeakMap<PreparingConnection, Map<string, Statement>>();

function prepared(connection: PreparingConnection, sql: string, safe: boolean | undefined): Statement {
  const fresh = () => {
    const statement = connection.prepare(sql);
    return safe === undefined ? statement : statement.safeIntegers(safe);
  };
  if (DDL.test(sql)) return fresh();
  let cache = statementCaches.get(connection);
  if (cache === undefined) statementCaches.set(connection, (cache = new Map<string, Statement>()));
  const key = safe === undefined ? sql : `${safe}\n${sql}`;
  let statement = cache.get(key);
  if (statement === undefined) {
    if (cache.size >= STATEMENTS_PER_CONNECTION) cache.clear();
    statement = fresh();
    cache.set(key, statement);
  }
  return statement;
}

/** Statements whose last result was a list: they return raw rows (see readRows). */
const listStatements = new WeakSet<Statement>();
const LIST_ROWS = 16;

/**
 * Runs a reader. A list is fetched as raw arrays and turned into objects here: for a page of
 * 50 rows that costs about 40% less than better-sqlite3's own row objects, which win for a row
 * or two (no column names to ask for). So a statement returns raw rows once it has returned a
 * list. The names are asked each time because a statement over a view follows the view when
 * a rebuild switches it to another table; each list of names gets a compiled row builder whose
 * objects share one shape. (Assigning the names in a loop was 13% of a history request's CPU
 * in the server's profile; alone, a page of 51 rows took 29 µs that way and 6 µs built.) A later
 * column of the same name wins, as it does in better-sqlite3.
 */
function readRows(statement: Statement, bindings: unknown[]): unknown[] {
  if (!listStatements.has(statement)) {
    const rows = statement.all(bindings);
    if (rows.length >= LIST_ROWS) listStatements.add(statement.raw(true));
    return rows;
  }
  const rows = statement.all(bindings) as unknown[][];
  if (rows.length === 0) return [];
  return rows.map(rowBuilder(statement.columns().map((c) => c.name)));
}

type RowBuilder = (row: unknown[]) => Record<string, unknown>;
const rowBuilders = new Map<string, RowBuilder>();
const ROW_BUILDERS = 1_000;

/** An object literal per list of column names, so V8 gives every row of it one hidden class. */
function rowBuilder(names: readonly string[]): RowBuilder {
  const key = names.join('\u0000');
  let build = rowBuilders.get(key);
  if (build === undefined) {
    const last = new Map(names.map((name, i) => [name, i]));
    if (last.has('__proto__'))
      return (row) => Object.fromEntries([...last].map(([name, i]) => [name, row[i]]));
    const fields = [...last].map(([name, i]) => `${JSON.stringify(name)}: row[${i}]`);
    // The names are SQLite's column names, embedded only as JSON string literals.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    build = new Function('row', `return { ${fields.join(', ')} };`) as RowBuilder;
    if (rowBuilders.size >= ROW_BUILDERS) rowBuilders.clear();
    rowBuilders.set(key, build);
  }
  return build;
}

const BaseSqliteClient = createRequire(import.meta.url)('knex/lib/dialects/better-sqlite3/index.js') as new (
  config: Knex.Config,
) => BetterSqliteClient;

/**
 * knex's better-sqlite3 client prepares every query afresh, which costs more than running
 * most of our indexed reads and single-row writes. This one keeps prepared statements per
 * connection by SQL text (DDL excepted); SQLite re-prepares a statement by itself when the
 * schema changes under it. A subclass, because knex builds transaction clients from the
 * client's prototype.
 */
class CachingSqliteClient extends BaseSqliteClient {
  _query(connection: PreparingConnection, obj: QueryObject): Promise<QueryObject> {
    if (!obj.sql) return Promise.reject(new Error('The query is empty'));
    try {
      const statement = prepared(connection, obj.sql, this._optSafeIntegers(obj.options));
      const bindings = this._formatBindings(obj.bindings);
      if (statement.reader) {
        obj.response = readRows(statement, bindings);
        return Promise.resolve(obj);
      }
      const response = statement.run(bindings);
      obj.response = response;
      obj.context = { lastID: response.lastInsertRowid, changes: response.changes };
      return Promise.resolve(obj);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

type MysqlConnection = {
  execute(
    sql: string,
    bindings: unknown[] | undefined,
    done: (error: Error | null, rows: unknown, fields: unknown) => void,
  ): void;
};
type MysqlClient = { _query(connection: MysqlConnection, obj: QueryObject): Promise<QueryObject> };

const BaseMysqlClient = createRequire(import.meta.url)('knex/lib/dialects/mysql2/index.js') as new (
  config: Knex.Config,
) => MysqlClient;

// Per connection; the server holds at most max_prepared_stmt_count (16,382 by default) in all.
const MYSQL_STATEMENTS_PER_CONNECTION = 100;
// Longer lists of bindings are IN lists of changing length: each length would be a statement.
const MYSQL_PREPARED_BINDINGS = 32;
const SELECTS = new Set(['select', 'first', 'pluck']);

/**
 * knex sends every query as text, which MariaDB parses afresh, and with it the definition of
 * every view the query reads: the read models are views (generation-tables.schema.ts), and a
 * history page through two of them cost mysqld 0.30-0.32 ms against 0.24 on the tables.
 * This client runs reads as prepared statements (mysql2 keeps them per connection by SQL
 * text), which MariaDB parses once and re-prepares by itself when a view is re-pointed
 * (tests/db/mysql-prepared-reads.spec.ts); the same page then cost 0.24 ms through the views.
 * Writes, DDL and reads with long lists of bindings stay text queries.
 */
class PreparingMysqlClient extends BaseMysqlClient {
  override _query(connection: MysqlConnection, obj: QueryObject): Promise<QueryObject> {
    const { sql, bindings = [] } = obj;
    const plain =
      typeof obj.options !== 'object' || obj.options === null || Object.keys(obj.options).length === 0;
    if (!sql || !SELECTS.has(obj.method ?? '') || !plain || bindings.length > MYSQL_PREPARED_BINDINGS)
      return super._query(connection, obj);
    return new Promise((resolve, reject) => {
      connection.execute(sql, bindings, (error, rows, fields) => {
        if (error !== null) return reject(error);
        obj.response = [rows, fields];
        resolve(obj);
      });
    });
  }
}

/** The SQLite file a knex instance was opened on. */
export function sqliteFileOf(db: Knex): string {
  return (db.client as { config: { connection: { filename: string } } }).config.connection.filename;
}

export function isMysql(db: Knex): boolean {
  return (db.client as { dialect: string }).dialect === 'mysql';
}

/** Which SQL `db` speaks, for what the two write differently (raw SQL, generated columns). */
export function sqlDialect(db: Knex): 'sqlite' | 'mysql' {
  return isMysql(db) ? 'mysql' : 'sqlite';
}
