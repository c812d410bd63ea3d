/**
 * Runs one projector's `apply` directly on a test database, with its tables under their
 * logical names (no runtime, no generations), so projection tests read like
 * "given these events → these rows" and can apply the same events twice.
 */
import type { Knex } from 'knex';
import type { RecordedEvent } from '../../src/events/envelope.js';
import type { ProjectionContext, Projector } from '../../src/projections/projector.js';
import { sqlDialect } from '../../src/db/knex-connection.js';
import { applyEvents } from '../../src/projections/runtime/batch-writer.js';
import { testDatabase, type TestDatabase } from './databases.js';

export type ProjectionFixture = {
  readonly db: Knex;
  /** Applies the events one at a time through `apply`. */
  readonly apply: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Applies the events as one batch, the way the runtime does (`applyBatch` when there is one). */
  readonly applyBatch: (events: readonly RecordedEvent[]) => Promise<void>;
  readonly cleanup: () => Promise<void>;
};

export async function projectionFixture(
  projector: Projector,
  database?: TestDatabase,
): Promise<ProjectionFixture> {
  const target = database ?? (await testDatabase());
  for (const [name, schema] of Object.entries(projector.tables))
    await target.db.schema.createTable(name, (t) => schema(t, target.kind));
  return {
    db: target.db,
    apply: (events) =>
      target.db.transaction(async (trx) => {
        const ctx: ProjectionContext = {
          trx,
          table: (name) => trx(name),
          tableName: (name) => name,
          dialect: sqlDialect(trx),
        };
        for (const event of events)
          if (projector.handles.includes(event.type)) await projector.apply(ctx, event);
      }),
    applyBatch: (events) =>
      target.db.transaction((trx) =>
        applyEvents(
          trx,
          projector,
          (name) => name,
          events.filter((e) => projector.handles.includes(e.type)),
        ),
      ),
    cleanup: () => target.drop(),
  };
}

let position = 0n;

/** A recorded event for projection tests: positions increase across calls. */
export function recorded<T extends string>(
  streamId: string,
  type: T,
  data: unknown,
  revision = 0n,
): RecordedEvent {
  position += 1n;
  return {
    streamId,
    revision,
    position,
    type,
    data,
    metadata: {
      eventId: `00000000-0000-4000-8000-${position.toString().padStart(12, '0')}`,
      occurredAt: '2026-01-01T00:00:00.000Z',
      actor: { system: 'test' },
      correlationId: 'c',
      causationId: null,
      requestId: null,
      schemaVersion: 1,
    },
  };
}

/** Every table of the projector, rows in a stable order, for comparing two ways of applying. */
export async function tablesOf(fixture: ProjectionFixture, projector: Projector) {
  const tables: Record<string, unknown[]> = {};
  for (const name of Object.keys(projector.tables)) {
    const rows = await fixture.db<Record<string, unknown>>(name);
    tables[name] = rows
      .map((row) =>
        JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
      )
      .sort();
  }
  return tables;
}

/**
 * Applies `events` twice one at a time on one database and twice as a batch on another, and
 * returns both tables: a projector's batch path must leave exactly what its per-event path does.
 */
export async function oneByOneAndBatched(projector: Projector, events: readonly RecordedEvent[]) {
  const single = await projectionFixture(projector);
  const batched = await projectionFixture(projector);
  try {
    await single.apply(events);
    await single.apply(events);
    await batched.applyBatch(events);
    await batched.applyBatch(events);
    return { oneByOne: await tablesOf(single, projector), batched: await tablesOf(batched, projector) };
  } finally {
    await single.cleanup();
    await batched.cleanup();
  }
}
