/**
 * The default notifier: sends nothing, records what would have been sent. The recorded
 * delivery event (HostNotified with channel 'outbox') is the durable outbox, read through
 * GET /api/notifications; the in-memory list of the most recent ones is for whoever holds
 * this adapter (tests, dev). It is bounded: a server's list grew with every notification,
 * phone numbers and all, for as long as the process ran.
 */
import type { Notification, Notifier } from './notifier.port.js';

export type OutboxNotifier = Notifier & {
  /** The most recent notifications, oldest first (at most `keep`). */
  readonly sent: () => readonly Notification[];
};

export function createOutboxNotifier(keep = 100): OutboxNotifier {
  let sent: Notification[] = [];
  return {
    channel: 'outbox',
    sent: () => sent.slice(-keep),
    send: (notification) => {
      sent.push(notification);
      if (sent.length > keep * 2) sent = sent.slice(-keep);
      return Promise.resolve({ ok: true, channel: 'outbox', attempts: 1, providerMessageId: null });
    },
  };
}
