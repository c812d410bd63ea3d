/**
 * A notification's delivery record: one event per delivery (its attempts counted inside),
 * on a stream of its own, so the outcome is auditable and recording it never contends with
 * the visit it is about.
 */
import type { NotificationKind, NotificationEvent } from '../../events/visitors/watchlist.events.js';
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';

export type RecordDelivery = {
  readonly type: 'RecordDelivery';
  readonly notificationId: string;
  readonly visitId: string;
  readonly visitorId: string;
  readonly kind: NotificationKind;
  readonly recipient: string;
  readonly channel: 'sns' | 'outbox';
  readonly message: string;
  readonly attempts: number;
  readonly outcome:
    | { readonly ok: true; readonly providerMessageId: string | null }
    | { readonly ok: false; readonly error: string };
  readonly now: Date;
};

export type NotificationState = { readonly recorded: boolean };

export const notificationDecider: Decider<RecordDelivery, NotificationState, NotificationEvent> = {
  initialState: { recorded: false },
  decide: (command, state) => {
    if (state.recorded) throw new DomainError('NOTIFICATION_RECORDED', 'this delivery is already recorded');
    const { type: _type, outcome, now, ...rest } = command;
    const data = { ...rest, at: now.toISOString() };
    return outcome.ok
      ? [{ type: 'HostNotified', data: { ...data, providerMessageId: outcome.providerMessageId } }]
      : [{ type: 'NotificationFailed', data: { ...data, error: outcome.error } }];
  },
  evolve: () => ({ recorded: true }),
};
