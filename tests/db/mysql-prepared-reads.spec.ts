/**
 * On MariaDB (DATABASE_URL), knex reads run as prepared statements: they follow a view that
 * another connection re-points, as a rebuild's switch does, and answer the same values as
 * text queries. Writes and reads with long IN lists stay text queries.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/knex-connection.js';
import { mysqlUrl, testDatabase, type TestDatabase } from '../support/databases.js';

describe.skipIf(mysqlUrl === undefined)('MariaDB reads as prepared statements', () => {
  let scratch: TestDatabase;
  let db: Knex;

  beforeAll(async () => {
    scratch = await testDatabase('mysql');
    await scratch.db.raw(
      'CREATE TABLE items__g1 (id INT PRIMARY KEY, name VARCHAR(20), amount DECIMAL(10,2), big BIGINT, at DATETIME(3))',
    );
    await scratch.db.raw('CREATE TABLE items__g2 LIKE items__g1');
    await scratch.db('items__g1').insert([
      {
        id: 1,
        name: 'first',
        amount: '12.50',
        big: '9007199254740993',
        at: new Date('2026-01-02T03:04:05.678Z'),
      },
      { id: 2, name: 'second', amount: null, big: null, at: null },
    ]);
    await scratch.db('items__g2').insert({ id: 1, name: 'rebuilt', amount: '1.00', big: '1', at: null });
    await scratch.db.raw('CREATE VIEW items AS SELECT * FROM items__g1');
    // One connection, so its session counters count this client's statements.
    db = openDatabase({ kind: 'mysql', url: scratch.location }, { max: 1 });
  });
  afterAll(async () => {
    await db.destroy();
    await scratch.drop();
  });

  const executions = async () => {
    const [rows] = (await db.raw("SHOW SESSION STATUS LIKE 'Com_stmt_execute'")) as [{ Value: string }[]];
    return Number(rows[0]!.Value);
  };

  it('runs selects prepared, with the values a text query gives', async () => {
    const before = await executions();
    const prepared = await db('items').where('id', '>=', 1).orderBy('id').select('*');
    expect(await executions()).toBe(before + 1);
    const [text] = (await db.raw('SELECT * FROM items WHERE id >= 1 ORDER BY id')) as [unknown[]];
    expect(prepared).toEqual(text);
    expect(prepared[0]).toMatchObject({ amount: '12.50', big: '9007199254740993' });
    expect(await db('items').where({ id: 2 }).first('name')).toEqual({ name: 'second' });
    expect(await executions()).toBe(before + 2);
  });

  it('follows a view that another connection re-points, and survives the old table being dropped', async () => {
    const read = () => db('items').where({ id: 1 }).first('name');
    expect(await read()).toEqual({ name: 'first' });
    await scratch.db.raw('CREATE OR REPLACE VIEW items AS SELECT * FROM items__g2');
    expect(await read()).toEqual({ name: 'rebuilt' });
    await scratch.db.raw('DROP TABLE items__g1');
    expect(await read()).toEqual({ name: 'rebuilt' });
  });

  it('keeps writes and reads with long lists of bindings as text queries', async () => {
    const before = await executions();
    await db('items__g2').insert({ id: 3, name: 'third' });
    await db('items__g2').where({ id: 3 }).update({ name: 'changed' });
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    expect(await db('items').whereIn('id', ids).orderBy('id').pluck('name')).toEqual(['rebuilt', 'changed']);
    expect(await executions()).toBe(before);
  });
});
