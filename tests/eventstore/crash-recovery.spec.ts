/**
 * A process killed with SIGKILL in the middle of writing loses no acknowledged event, and the
 * log it leaves verifies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseTarget } from '../../src/db/knex-connection.js';
import { verifyIntegrity } from '../../src/eventstore/integrity-verifier.js';
import { createSqlEventStore } from '../../src/eventstore/sql/sql-event-store.js';
import { mysqlUrl, testDatabase } from '../support/databases.js';
import { spawnTs } from '../support/processes/spawn-ts.js';

const writer = join(import.meta.dirname, '../support/processes/crash-writer.ts');

async function crashAndCheck(target: DatabaseTarget): Promise<void> {
  const child = spawnTs(writer, [JSON.stringify(target)]);
  await child.waitForLine((l) => l === 'ready');
  await child.waitForLine((l) => l.startsWith('ack') && Number(l.split(' ')[1]) >= 400);
  await child.kill9();
  const acked = child.lines.filter((l) => l.startsWith('ack ')).map((l) => l.split(' '));

  const store = await createSqlEventStore(openDatabase(target));
  const events = new Map<string, string>();
  for (let from = 0n; ;) {
    const page = await store.readAll({ from, limit: 1000 });
    if (page.length === 0) break;
    for (const e of page) events.set(e.position.toString(), e.metadata.eventId);
    from = page[page.length - 1]!.position;
  }
  for (const [, position, eventId] of acked) expect(events.get(position!)).toBe(eventId);
  expect(events.size).toBeGreaterThanOrEqual(acked.length);
  const positions = [...events.keys()].map(Number);
  expect(positions).toEqual(positions.map((_, i) => i + 1));
  expect(await verifyIntegrity(store)).toMatchObject({ brokenAt: null, verifiedEvents: events.size });
  await store.close();
}

describe('crash recovery of the event store', () => {
  it('keeps every acknowledged event on SQLite after kill -9', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-crash-'));
    await crashAndCheck({ kind: 'sqlite', file: join(dir, 'events.db') });
    rmSync(dir, { recursive: true, force: true });
  });

  it.runIf(mysqlUrl !== undefined)('keeps every acknowledged event on MariaDB after kill -9', async () => {
    const database = await testDatabase('mysql');
    await crashAndCheck({ kind: 'mysql', url: database.location });
    await database.drop();
  });
});
