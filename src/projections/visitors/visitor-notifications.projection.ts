/**
 * Notifications read model (GET /api/notifications): one row per delivery, sent or failed.
 * The message names the visitor, so erasing the visitor scrubs it.
 */
import type { SubjectErasureEvent } from '../../events/audit/subject-erasure.events.js';
import { ERASED, type RecordedEvent } from '../../events/envelope.js';
import type { NotificationEvent } from '../../events/visitors/watchlist.events.js';
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
  apply: (ctx, event) =>
    applyNotification(ctx, event as RecordedEvent<NotificationEvent | SubjectErasureEvent>),
};

async function applyNotification(
  ctx: ProjectionContext,
  event: RecordedEvent<NotificationEvent | SubjectErasureEvent>,
) {
  if (event.type === 'SubjectErased') {
    await ctx
      .table('visitor_notifications')
      .where({ visitor_id: event.data.subjectId })
      .update({ message: ERASED });
    return;
  }
  const d = event.data;
  await ctx
    .table('visitor_notifications')
    .insert({
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
    })
    .onConflict('notification_id')
    .ignore();
}
