/**
 * Databases for tests: a fresh SQLite file per call by default, or a scratch database on the
 * MariaDB named by DATABASE_URL (CI sets it), so the same suites run on both.
 */
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/knex-connection.js';

export const mysqlUrl = process.env.DATABASE_URL;

export type TestDatabase = {
  readonly db: Knex;
  readonly kind: 'sqlite' | 'mysql';
  /** The mysql:// URL of the scratch database, or the SQLite file. */
  readonly location: string;
  drop(): Promise<void>;
};

/** A database of its own for one test file: a temp SQLite file, or a new MariaDB database. */
export async function testDatabase(
  kind: 'sqlite' | 'mysql' = mysqlUrl ? 'mysql' : 'sqlite',
): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'crm-test-'));
    const file = join(dir, 'test.db');
    const db = openDatabase({ kind: 'sqlite', file });
    return {
      db,
      kind,
      location: file,
      drop: async () => {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (mysqlUrl === undefined) throw new Error('DATABASE_URL is not set');
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = openDatabase({ kind: 'mysql', url: mysqlUrl }, { max: 1 });
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.destroy();
  const url = new URL(mysqlUrl);
  url.pathname = `/${name}`;
  const db = openDatabase({ kind: 'mysql', url: url.toString() });
  return {
    db,
    kind,
    location: url.toString(),
    drop: async () => {
      await db.destroy();
      const again = openDatabase({ kind: 'mysql', url: mysqlUrl }, { max: 1 });
      await again.raw(`DROP DATABASE IF EXISTS \`${name}\``);
      await again.destroy();
    },
  };
}
