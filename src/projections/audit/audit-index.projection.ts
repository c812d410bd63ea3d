/**
 * The audit index: one row per event of the log (position, stream, type, actor, time), so
 * the audit API filters by index instead of scanning the log per request. It stores no event
 * data: personal fields must not be copied in clear into the read DB; the API reads the
 * events themselves from the log by position (opened, or shown as erased).
 */
import { eventRegistry } from '../../events/all-events.js';
import { actorIdOf } from '../../events/audit/actor-id.js';
import type { RecordedEvent } from '../../events/envelope.js';
import { categoryOf } from '../../events/stream-names.js';
import { insertIgnore } from '../batch-writes.js';
import type { ProjectionContext, Projector } from '../projector.js';

const toRow = (event: RecordedEvent) => ({
  position: event.position.toString(),
  stream_id: event.streamId,
  category: categoryOf(event.streamId),
  revision: event.revision.toString(),
  type: event.type,
  actor_id: actorIdOf(event.metadata.actor),
  occurred_at: event.metadata.occurredAt,
});

const insertRows = (ctx: ProjectionContext, events: readonly RecordedEvent[]) =>
  insertIgnore(ctx, 'audit_events', ['position'], events.map(toRow));

export const auditIndexProjector: Projector = {
  name: 'audit_index',
  version: 1,
  // Every registered type: the index is the whole log.
  handles: eventRegistry().types,
  tables: {
    audit_events: (t) => {
      t.bigInteger('position').primary();
      t.string('stream_id', 255).notNullable();
      t.string('category', 100).notNullable();
      t.bigInteger('revision').notNullable();
      t.string('type', 200).notNullable();
      t.string('actor_id', 140).notNullable();
      t.string('occurred_at', 30).notNullable();
      t.index(['stream_id', 'position']);
      t.index(['category', 'position']);
      t.index(['type', 'position']);
      t.index(['actor_id', 'position']);
      t.index(['occurred_at', 'position']);
    },
  },
  apply: (ctx, event) => insertRows(ctx, [event]),
  applyBatch: insertRows,
};
