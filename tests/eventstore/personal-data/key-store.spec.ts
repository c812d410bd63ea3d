import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSqlKeyStore,
  moveSubjectKeys,
  SUBJECT_KEYS_TABLE,
  type KeyStore,
} from '../../../src/eventstore/personal-data/key-store.js';
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

  it('forgets a cached key when told another handle erased it', async () => {
    const cached = await createSqlKeyStore(database.db, { masterKey });
    await cached.keyFor('visitor-forgotten');
    await other.erase('visitor-forgotten');
    // Cached for a minute: without forget, this handle still opens the shredded fields.
    expect((await cached.findKeys(['visitor-forgotten'])).size).toBe(1);
    cached.forget('visitor-forgotten');
    expect((await cached.findKeys(['visitor-forgotten'])).size).toBe(0);
  });
});

describe('moving subject keys to a database of their own', () => {
  it('copies every key, erased ones as erased, drops the old table, and can run again', async () => {
    const masterKey = randomBytes(32);
    const from = await testDatabase('sqlite');
    const to = await testDatabase('sqlite');
    try {
      const old = await createSqlKeyStore(from.db, { masterKey, cacheTtlMs: 0 });
      const kept = await old.keyFor('visitor-kept');
      await old.keyFor('visitor-gone');
      await old.erase('visitor-gone');
      const moved = await createSqlKeyStore(to.db, { masterKey, cacheTtlMs: 0 });
      const newer = await moved.keyFor('visitor-new');

      expect(await moveSubjectKeys(from.db, to.db)).toBe(2);
      expect(await from.db.schema.hasTable(SUBJECT_KEYS_TABLE)).toBe(false);
      expect((await moved.keyFor('visitor-kept')).equals(kept)).toBe(true);
      expect((await moved.findKeys(['visitor-gone'])).size).toBe(0);
      expect((await moved.keyFor('visitor-new')).equals(newer)).toBe(true);
      expect(await moveSubjectKeys(from.db, to.db)).toBe(0);
    } finally {
      await from.drop();
      await to.drop();
    }
  });
});
