/**
 * The default notifier: sends nothing, records what would have been sent. The recorded
 * delivery event (HostNotified with channel 'outbox') is the durable outbox, read through
 * GET /api/notifications; the in-memory list is for whoever holds this adapter (tests, dev).
 */
import type { Notification, Notifier } from './notifier.port.js';

export type OutboxNotifier = Notifier & { readonly sent: readonly Notification[] };

export function createOutboxNotifier(): OutboxNotifier {
  const sent: Notification[] = [];
  return {
    channel: 'outbox',
    sent,
    send: (notification) => {
      sent.push(notification);
      return Promise.resolve({ ok: true, channel: 'outbox', attempts: 1, providerMessageId: null });
    },
  };
}
