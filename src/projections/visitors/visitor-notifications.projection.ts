/**
 * Notifications read model (GET /api/notifications): one row per delivery, sent or failed.
 * The message names the visitor, so erasing the visitor scrubs it.
 */
import type { SubjectErasureEvent } from '../../events/audit/subject-erasure.events.js';
import { ERASED, type RecordedEvent } from '../../events/envelope.js';
import type { NotificationEvent } from '../../events/visitors/watchlist.events.js';
import { inRuns, insertIgnore, type Row } from '../batch-writes.js';
import type { ProjectionContext, Projector } from '../projector.js';

export const visitorNotificationsProjector: Projector = {
  name: 'visitor-notifications',
  version: 1,
  handles: ['HostNotified', 'NotificationFailed', 'SubjectErased'],
  tables: {
    visitor_notifications: (t) => {
      t.string('notification_id', 36).primary();
      t.string('visit_id', 36).notNullable().index();
      t.string('visitor_id', 36).notNullable().index();
      t.string('kind', 30).notNullable();
      t.string('recipient', 100).notNullable();
      t.string('channel', 10).notNullable();
      t.string('status', 10).notNullable();
      t.text('message').notNullable();
      t.string('error', 200).nullable();
      t.integer('attempts').notNullable();
      t.string('at', 30).notNullable();
      t.bigInteger('position').notNullable();
      t.index(['position']);
      t.index(['recipient', 'position']);
    },
  },
  apply: (ctx, event) => applyNotifications(ctx, [event]),
  applyBatch: (ctx, events) => applyNotifications(ctx, events),
};

/** Deliveries in one insert per run; an erasure scrubs what came before it. */
async function applyNotifications(ctx: ProjectionContext, events: readonly RecordedEvent[]): Promise<void> {
  await inRuns(
    events as readonly RecordedEvent<NotificationEvent | SubjectErasureEvent>[],
    (e) => e.type !== 'SubjectErased',
    (run) =>
      insertIgnore(
        ctx,
        'visitor_notifications',
        ['notification_id'],
        run.map((e) => deliveryRow(e as RecordedEvent<NotificationEvent>)),
      ),
    async (e) => {
      const { subjectId } = (e as RecordedEvent<SubjectErasureEvent>).data;
      await ctx.table('visitor_notifications').where({ visitor_id: subjectId }).update({ message: ERASED });
    },
  );
}

function deliveryRow(event: RecordedEvent<NotificationEvent>): Row {
  const d = event.data;
  return {
    notification_id: d.notificationId,
    visit_id: d.visitId,
    visitor_id: d.visitorId,
    kind: d.kind,
    recipient: d.recipient,
    channel: d.channel,
    status: event.type === 'HostNotified' ? 'sent' : 'failed',
    message: d.message,
    error: event.type === 'NotificationFailed' ? event.data.error : null,
    attempts: d.attempts,
    at: d.at,
    position: String(event.position),
  };
}
