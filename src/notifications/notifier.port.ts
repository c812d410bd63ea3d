/**
 * The notifier port: how the system reaches a person (an SMS to the host, an alert to the
 * security desk). Adapters never throw: a delivery ends in an outcome that the caller records
 * as an event (HostNotified / NotificationFailed), so a failed SMS never fails a check-in.
 */

export type Notification = {
  /** A user id, or 'security' for the security desk. */
  readonly recipient: string;
  /** The recipient's phone (E.164) when known; the security desk uses a topic instead. */
  readonly phone: string | null;
  readonly text: string;
};

export type DeliveryOutcome =
  | {
      readonly ok: true;
      readonly channel: 'sns' | 'outbox';
      readonly attempts: number;
      readonly providerMessageId: string | null;
    }
  | {
      readonly ok: false;
      readonly channel: 'sns' | 'outbox';
      readonly attempts: number;
      readonly error: string;
    };

export type Notifier = {
  readonly channel: 'sns' | 'outbox';
  readonly send: (notification: Notification) => Promise<DeliveryOutcome>;
};
