/**
 * kill -9 while events are being appended and projected: after a restart the projection
 * resumes from its checkpoint and every event counts exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/knex-connection.js';
import { createSqlEventStore } from '../../../src/eventstore/sql/sql-event-store.js';
import { createProjectionRuntime } from '../../../src/projections/runtime/projection-runtime.js';
import { thingCounter } from '../../support/projection-runtime-fixture.js';
import { spawnTs } from '../../support/processes/spawn-ts.js';

const child = join(import.meta.dirname, '../../support/processes/crash-projecting-writer.ts');

it('resumes exactly where it was after the process is killed mid-write', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-projcrash-'));
  const eventsFile = join(dir, 'events.db');
  const readFile = join(dir, 'read.db');
  const writer = spawnTs(child, [eventsFile, readFile]);
  await writer.waitForLine((l) => l === 'ready');
  await writer.waitForLine((l) => l.startsWith('ack') && Number(l.split(' ')[1]) >= 600);
  await writer.kill9();

  const store = await createSqlEventStore(openDatabase({ kind: 'sqlite', file: eventsFile }));
  const db = openDatabase({ kind: 'sqlite', file: readFile });
  const before = await db('projection_state').select('*');
  expect(before.length).toBe(1);
  const runtime = createProjectionRuntime({ store, db, projectors: [thingCounter()], leaseMs: 1000 });
  await runtime.start();
  const head = await store.headPosition();
  expect(await runtime.waitFor(head, 15_000)).toBe(true);
  const counts = await db('thing_counts').select('stream_id', 'count');
  const perStream = new Map<string, number>();
  for (let from = 0n; ;) {
    const page = await store.readAll({ from, limit: 1000 });
    if (page.length === 0) break;
    for (const e of page) perStream.set(e.streamId, (perStream.get(e.streamId) ?? 0) + 1);
    from = page[page.length - 1]!.position;
  }
  expect(
    Object.fromEntries(
      counts.map((r: { stream_id: string; count: number }) => [r.stream_id, Number(r.count)]),
    ),
  ).toEqual(Object.fromEntries(perStream));
  await runtime.stop();
  await store.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);
