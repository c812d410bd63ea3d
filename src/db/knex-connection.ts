/**
 * Opens a knex connection to the embedded SQLite default or to MySQL/MariaDB.
 * Called by the composition root (and tests); nothing else opens connections.
 */
import knex, { type Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type DatabaseTarget =
  { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'mysql'; readonly url: string };

export function databaseTarget(url: string | undefined, sqliteFile: string): DatabaseTarget {
  if (url === undefined || url === '') return { kind: 'sqlite', file: sqliteFile };
  if (/^(mysql|mariadb):\/\//.test(url)) return { kind: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
  throw new Error('database URL must start with mysql:// or mariadb://');
}

type SqliteConnection = { pragma(source: string): unknown };

export function openDatabase(target: DatabaseTarget, pool: { max?: number } = {}): Knex {
  if (target.kind === 'mysql') {
    return knex({
      client: 'mysql2',
      connection: {
        uri: target.url,
        supportBigNumbers: true,
        bigNumberStrings: true,
        charset: 'utf8mb4',
      } as never,
      pool: { min: 0, max: pool.max ?? 10 },
    });
  }
  if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
  return knex({
    client: 'better-sqlite3',
    connection: { filename: target.file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) => {
        // WAL lets readers in other processes go on while one writes; NORMAL sync keeps every
        // acknowledged commit across a process kill (only power loss can drop the last ones).
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = NORMAL');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('foreign_keys = ON');
        done(null, conn);
      },
    },
  });
}

/** The SQLite file a knex instance was opened on. */
export function sqliteFileOf(db: Knex): string {
  return (db.client as { config: { connection: { filename: string } } }).config.connection.filename;
}

export function isMysql(db: Knex): boolean {
  return (db.client as { config: { client: string } }).config.client === 'mysql2';
}
