/**
 * Event store throughput: single-event appends (one command, one event), batched appends,
 * and readAll, on the SQL adapter over SQLite and MariaDB.
 */
import { randomUUID } from 'node:crypto';
import { createSqlEventStore } from '../src/eventstore/sql/sql-event-store.js';
import type { EventToAppend } from '../src/eventstore/event-store.port.js';
import { report, timed, type BenchDb } from './support.js';

export function benchEvent(i: number): EventToAppend {
  return {
    type: 'BenchThingHappened',
    data: {
      thingId: `t-${i % 1000}`,
      n: i,
      note: 'a modest payload of about a hundred bytes, like most domain events',
    },
    metadata: {
      eventId: randomUUID(),
      occurredAt: new Date().toISOString(),
      actor: { system: 'bench' },
      correlationId: randomUUID(),
      causationId: null,
      requestId: null,
      schemaVersion: 1,
    },
  };
}

export async function benchEventStore(
  target: BenchDb,
  sizes: { single: number; batches: number; batchSize: number },
) {
  const store = await createSqlEventStore(target.db);
  // Single-event appends, each its own stream revision check and transaction, a few writers at once.
  const writers = 4;
  const single = await timed(async () => {
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < sizes.single / writers; i++)
          await store.append(`bench-${w}-${i % 200}`, [benchEvent(i)]);
      }),
    );
  });
  report(`[${target.label}] append, 1 event per append (${writers} writers)`, sizes.single, single.seconds);

  const batched = await timed(async () => {
    for (let b = 0; b < sizes.batches; b++)
      await store.append(
        `benchBatch-${b}`,
        Array.from({ length: sizes.batchSize }, (_, i) => benchEvent(i)),
      );
  });
  report(
    `[${target.label}] append, ${sizes.batchSize} events per append`,
    sizes.batches * sizes.batchSize,
    batched.seconds,
  );

  const total = Number(await store.headPosition());
  const read = await timed(async () => {
    let from = 0n;
    let count = 0;
    for (;;) {
      const page = await store.readAll({ from, limit: 1000 });
      if (page.length === 0) return count;
      count += page.length;
      from = page[page.length - 1]!.position;
    }
  });
  report(`[${target.label}] readAll (pages of 1000)`, read.result, read.seconds);
  if (read.result !== total) throw new Error(`readAll saw ${read.result} of ${total} events`);
  await store.close();
}
