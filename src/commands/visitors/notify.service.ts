/**
 * Delivers a visitor notification after the command that caused it, and records the attempt
 * as an event. Nothing here may fail the caller: a notifier error or a failed record is
 * swallowed (the visit already happened; the missing HostNotified shows in the audit trail).
 */
import type { CommandContext } from '../../events/envelope.js';
import { newId } from '../new-id.js';
import { visitNotificationStream, type NotificationKind } from '../../events/visitors/watchlist.events.js';
import { handleCommand } from '../handle-command.js';
import { notificationDecider } from './notification.decider.js';
import type { VisitorDeps } from './visitor-deps.js';

/** The visitor's name and company as a notification text uses them. */
export type VisitorNameLike = {
  readonly firstName: string;
  readonly lastName: string;
  readonly company: string | null;
};

export type VisitNotice = {
  readonly kind: NotificationKind;
  readonly visitId: string;
  readonly visitorId: string;
  /** The host's user id, or 'security'. */
  readonly recipient: string;
  readonly visitor: VisitorNameLike;
  readonly badgeNumber?: string | undefined;
  readonly expectedDeparture?: string | null | undefined;
};

export async function notifyVisit(
  deps: VisitorDeps,
  notice: VisitNotice,
  context: CommandContext,
): Promise<void> {
  try {
    const contact =
      notice.recipient === 'security' ? undefined : await deps.lookups.hostContact(notice.recipient);
    const message = messageFor(notice);
    const outcome = await deps.notifier.send({
      recipient: notice.recipient,
      phone: contact?.phone ?? null,
      text: message,
    });
    const notificationId = newId();
    await handleCommand(
      deps.log,
      visitNotificationStream.name(notificationId),
      notificationDecider,
      {
        type: 'RecordDelivery',
        notificationId,
        visitId: notice.visitId,
        visitorId: notice.visitorId,
        kind: notice.kind,
        recipient: notice.recipient,
        channel: outcome.channel,
        message,
        attempts: Math.max(1, outcome.attempts),
        outcome: outcome.ok
          ? { ok: true, providerMessageId: outcome.providerMessageId }
          : { ok: false, error: outcome.error },
        now: new Date(),
      },
      context,
      { newStream: true },
    );
  } catch {
    // Deliberately silent: see the header. The log has no record, which is itself the signal.
  }
}

function messageFor(notice: VisitNotice): string {
  const v = notice.visitor;
  const who = `${v.firstName} ${v.lastName}${v.company ? ` (${v.company})` : ''}`;
  switch (notice.kind) {
    case 'arrival':
      return `Your visitor ${who} has checked in at reception (badge ${notice.badgeNumber ?? '-'}).`;
    case 'approval_request':
      return `Walk-in visitor ${who} is waiting at reception for your approval.`;
    case 'watchlist_hit':
      return `Watch-list match at reception: ${who}. Visit ${notice.visitId} was denied.`;
    case 'overstay':
      return `Your visitor ${who} was expected to leave at ${notice.expectedDeparture ?? '?'} and is still on site.`;
  }
}
