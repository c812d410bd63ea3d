import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlKeyStore, type KeyStore } from '../../../src/eventstore/personal-data/key-store.js';
import { testDatabase, type TestDatabase } from '../../support/databases.js';

describe('SQL key store', () => {
  let database: TestDatabase;
  let store: KeyStore;
  // A second process: the same table and master key, caches of its own.
  let other: KeyStore;
  const masterKey = randomBytes(32);

  beforeAll(async () => {
    database = await testDatabase();
    store = await createSqlKeyStore(database.db, { masterKey, cacheTtlMs: 0 });
    other = await createSqlKeyStore(database.db, { masterKey, cacheTtlMs: 0 });
  });
  afterAll(async () => database.drop());

  it('creates the keys asked for together, one per subject, and stores them for other processes', async () => {
    const subjects = Array.from({ length: 40 }, (_, i) => `visitor-batch-${i}`);
    const statements: string[] = [];
    const record = (query: { sql: string }) =>
      statements.push(query.sql.trimStart().slice(0, 6).toLowerCase());
    database.db.on('query', record);
    const keys = await Promise.all([...subjects, ...subjects.slice(0, 5)].map((s) => store.keyFor(s)));
    database.db.off('query', record);
    // One look-up, one insert, one read back for all of them.
    expect(statements).toEqual(['select', 'insert', 'select']);
    expect(keys.every((k) => k.length === 32)).toBe(true);
    expect(new Set(keys.slice(0, 40).map((k) => k.toString('hex'))).size).toBe(40);
    keys.slice(40).forEach((key, i) => expect(key.equals(keys[i]!)).toBe(true));
    const seen = await other.findKeys(subjects);
    subjects.forEach((s, i) => expect(seen.get(s)?.equals(keys[i]!)).toBe(true));
    expect((await store.keyFor(subjects[7]!)).equals(keys[7]!)).toBe(true);
  });

  it('gives two processes racing for a new subject the same key', async () => {
    const [a, b] = await Promise.all([store.keyFor('visitor-race'), other.keyFor('visitor-race')]);
    expect(a.equals(b)).toBe(true);
  });

  it('gives an erased subject a new key and never the shredded one back', async () => {
    const before = await store.keyFor('visitor-erased');
    expect(await store.erase('visitor-erased')).toBe(true);
    expect((await other.findKeys(['visitor-erased'])).size).toBe(0);
    const after = await store.keyFor('visitor-erased');
    expect(after.equals(before)).toBe(false);
    expect((await other.findKeys(['visitor-erased'])).get('visitor-erased')?.equals(after)).toBe(true);
  });
});
