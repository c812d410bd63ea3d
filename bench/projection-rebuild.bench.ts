/**
 * Projection rebuild throughput: a log of N events (SQLite store, read through the event
 * log as the server does), rebuilt into a fresh generation by the runtime, into SQLite and
 * into MariaDB. The bench projector writes one row per event with one multi-row insert per
 * batch — the runtime's own overhead plus the database's insert speed is what is measured.
 */
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { createEventRegistry, defineEvent } from '../src/events/event-registry.js';
import { createEventLog } from '../src/eventstore/event-log.js';
import { createSqlKeyStore } from '../src/eventstore/personal-data/key-store.js';
import { createSqlEventStore } from '../src/eventstore/sql/sql-event-store.js';
import type { Projector } from '../src/projections/projector.js';
import { createProjectionRuntime } from '../src/projections/runtime/projection-runtime.js';
import { z } from 'zod';
import { benchEvent } from './event-store.bench.js';
import { report, sqliteBenchDb, timed, type BenchDb } from './support.js';

const BenchThingHappened = defineEvent({
  type: 'BenchThingHappened',
  schemaVersion: 1,
  schema: z.object({ thingId: z.string(), n: z.number(), note: z.string() }),
});

const benchProjector: Projector = {
  name: 'bench_things',
  version: 1,
  handles: ['BenchThingHappened'],
  tables: {
    bench_things: (t) => {
      t.bigInteger('position').primary();
      t.string('thing_id', 40).notNullable().index();
      t.integer('n').notNullable();
    },
  },
  apply: async (ctx, event) => {
    const d = event.data as { thingId: string; n: number };
    await ctx
      .table('bench_things')
      .insert({ position: String(event.position), thing_id: d.thingId, n: d.n })
      .onConflict('position')
      .ignore();
  },
  applyBatch: async (ctx, events) => {
    const rows = events.map((e) => {
      const d = e.data as { thingId: string; n: number };
      return { position: String(e.position), thing_id: d.thingId, n: d.n };
    });
    for (let i = 0; i < rows.length; i += 250)
      await ctx
        .table('bench_things')
        .insert(rows.slice(i, i + 250))
        .onConflict('position')
        .ignore();
  },
};

export async function benchProjectionRebuild(readTargets: readonly BenchDb[], events: number): Promise<void> {
  const source = sqliteBenchDb('rebuild-events');
  const store = await createSqlEventStore(source.db);
  for (let b = 0; b < events / 1000; b++)
    await store.append(
      `benchThing-${b}`,
      Array.from({ length: 1000 }, (_, i) => benchEvent(b * 1000 + i)),
    );
  for (const target of readTargets) {
    const keys = await createSqlKeyStore(target.db, { masterKey: randomBytes(32) });
    const log = createEventLog(store, createEventRegistry([BenchThingHappened]), keys);
    const runtime = createProjectionRuntime({
      store: log,
      db: target.db,
      projectors: [benchProjector],
      logger: pino({ level: 'warn' }),
    });
    await runtime.start();
    const first = await timed(() => runtime.waitFor(BigInt(events), 600_000));
    report(`[${target.label}] projection first build (catch-up from 0)`, events, first.seconds);
    const rebuilt = await timed(() => runtime.rebuild('bench_things'));
    report(`[${target.label}] projection rebuild into a new generation`, events, rebuilt.seconds);
    await runtime.stop();
  }
  await store.close();
  await source.drop();
}
