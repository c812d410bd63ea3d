/**
 * Runs one projector's `apply` directly on a test database, with its tables under their
 * logical names (no runtime, no generations), so projection tests read like
 * "given these events → these rows" and can apply the same events twice.
 */
import type { Knex } from 'knex';
import type { RecordedEvent } from '../../src/events/envelope.js';
import type { ProjectionContext, Projector } from '../../src/projections/projector.js';
import { testDatabase, type TestDatabase } from './databases.js';

export type ProjectionFixture = {
  readonly db: Knex;
  readonly apply: (events: readonly RecordedEvent[]) => Promise<void>;
  readonly cleanup: () => Promise<void>;
};

export async function projectionFixture(
  projector: Projector,
  database?: TestDatabase,
): Promise<ProjectionFixture> {
  const target = database ?? (await testDatabase());
  for (const [name, schema] of Object.entries(projector.tables))
    await target.db.schema.createTable(name, schema);
  return {
    db: target.db,
    apply: (events) =>
      target.db.transaction(async (trx) => {
        const ctx: ProjectionContext = { trx, table: (name) => trx(name), tableName: (name) => name };
        for (const event of events)
          if (projector.handles.includes(event.type)) await projector.apply(ctx, event);
      }),
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
