import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { transactionGroup } from '../../../src/projections/runtime/transaction-group.js';
import { mysqlUrl, testDatabase, type TestDatabase } from '../../support/databases.js';

describe('transaction group', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await testDatabase();
    await t.db.schema.createTable('group_rows', (table) => {
      table.string('id', 20).primary();
    });
  });
  afterEach(async () => t.drop());

  const insert = (id: string) => (trx: Parameters<Parameters<ReturnType<typeof transactionGroup>>[0]>[0]) =>
    trx('group_rows')
      .insert({ id })
      .then(() => id);
  const ids = async () => (await t.db('group_rows').orderBy('id').pluck('id')) as string[];

  it.skipIf(mysqlUrl !== undefined)(
    'commits work that arrives together in one transaction and answers each caller',
    async () => {
      const group = transactionGroup(t.db);
      const begun = vi.spyOn(t.db, 'transaction');
      const answers = await Promise.all([group(insert('a')), group(insert('b')), group(insert('c'))]);
      expect(answers).toEqual(['a', 'b', 'c']);
      expect(begun).toHaveBeenCalledTimes(1);
      expect(await ids()).toEqual(['a', 'b', 'c']);
    },
  );

  it('rolls back a failing piece of work alone and rejects only its caller', async () => {
    const group = transactionGroup(t.db);
    const failing = group(async (trx) => {
      await trx('group_rows').insert({ id: 'half-done' });
      throw new Error('poison');
    });
    const outcomes = await Promise.allSettled([
      group(insert('a')),
      failing,
      group(insert('a')),
      group(insert('b')),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(await ids()).toEqual(['a', 'b']);
  });

  it.skipIf(mysqlUrl !== undefined)(
    'rejects every caller when the shared transaction cannot start',
    async () => {
      const group = transactionGroup(t.db);
      vi.spyOn(t.db, 'transaction').mockRejectedValueOnce(new Error('database away'));
      const outcomes = await Promise.allSettled([group(insert('a')), group(insert('b'))]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
      expect(await group(insert('c'))).toBe('c');
      expect(await ids()).toEqual(['c']);
    },
  );

  it.runIf(mysqlUrl !== undefined)('leaves each batch its own transaction on MySQL', async () => {
    const group = transactionGroup(t.db);
    const begun = vi.spyOn(t.db, 'transaction');
    expect(await Promise.all([group(insert('a')), group(insert('b'))])).toEqual(['a', 'b']);
    expect(begun).toHaveBeenCalledTimes(2);
  });
});
