import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/knex-connection.js';

// Lists of 16 rows or more come back from SQLite as raw arrays and are built into objects in JS.
describe('SQLite client: lists built from raw rows', () => {
  let dir: string;
  let db: Knex;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-sqlite-client-'));
    db = openDatabase({ kind: 'sqlite', file: join(dir, 'read.db') });
    await db.schema.createTable('a', (t) => {
      t.integer('id').primary();
      t.string('name');
    });
    await db.schema.createTable('b', (t) => {
      t.integer('id').primary();
      t.string('title');
      t.string('note');
    });
    const rows = Array.from({ length: 20 }, (_, i) => ({ id: i + 1 }));
    await db('a').insert(rows.map((r) => ({ ...r, name: `a${r.id}` })));
    await db('b').insert(rows.map((r) => ({ ...r, title: `b${r.id}`, note: null })));
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const list = (sql: string) => db.raw(sql) as unknown as Promise<Record<string, unknown>[]>;

  it('gives every row its own values under the column names, once the statement returns raw rows', async () => {
    const sql = 'select id, name from a order by id';
    const first = await list(sql);
    const second = await list(sql);
    expect(second).toEqual(first);
    expect(second).toHaveLength(20);
    expect(second[0]).toEqual({ id: 1, name: 'a1' });
    expect(second[19]).toEqual({ id: 20, name: 'a20' });
  });

  it('lets a later column of the same name win, and keeps a column named __proto__ a plain field', async () => {
    const sql = `select a.id, a.name, b.title as name, a.id as __proto__ from a join b on b.id = a.id order by a.id`;
    await list(sql);
    const rows = await list(sql);
    expect(rows[4]).toEqual(expect.objectContaining({ id: 5, name: 'b5' }));
    expect(Object.getPrototypeOf(rows[4])).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(rows[4], '__proto__')?.value).toBe(5);
  });

  it('follows a view switched to a table with other columns', async () => {
    await db.raw('create view current_rows as select * from a');
    const sql = 'select * from current_rows order by id';
    await list(sql);
    expect((await list(sql))[2]).toEqual({ id: 3, name: 'a3' });
    await db.raw('drop view current_rows');
    await db.raw('create view current_rows as select * from b');
    expect((await list(sql))[2]).toEqual({ id: 3, title: 'b3', note: null });
  });
});
