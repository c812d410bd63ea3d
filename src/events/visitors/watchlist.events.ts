/**
 * The visitor watch list (security's) and the notifications the visitors module sends. A
 * watch-list entry names a person: their name and email are personal, sealed with the
 * entry's own key. A notification's text names the visitor, so it is sealed with theirs.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';

export const watchlistEntryStream = streamCategory('watchlistEntry');
export const visitNotificationStream = streamCategory('visitNotification');

const at = z.iso.datetime();

export const WatchlistEntryAdded = defineEvent({
  type: 'WatchlistEntryAdded',
  schemaVersion: 1,
  schema: z.object({
    entryId: z.uuid(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().nullable(),
    reason: z.string(),
    addedBy: z.string(),
    addedAt: at,
  }),
  personal: { subject: (d) => d.entryId, paths: ['firstName', 'lastName', 'email'] },
});

export const WatchlistEntryRemoved = defineEvent({
  type: 'WatchlistEntryRemoved',
  schemaVersion: 1,
  schema: z.object({ entryId: z.uuid(), removedBy: z.string(), removedAt: at }),
});

export const NOTIFICATION_KINDS = ['arrival', 'approval_request', 'watchlist_hit', 'overstay'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const delivery = {
  notificationId: z.uuid(),
  visitId: z.uuid(),
  visitorId: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** A user id (the host), or 'security' for the security desk. */
  recipient: z.string(),
  channel: z.enum(['sns', 'outbox']),
  message: z.string(),
  attempts: z.number().int().min(1),
  at,
};

export const HostNotified = defineEvent({
  type: 'HostNotified',
  schemaVersion: 1,
  schema: z.object({ ...delivery, providerMessageId: z.string().nullable() }),
  personal: { subject: (d) => d.visitorId, paths: ['message'] },
});

export const NotificationFailed = defineEvent({
  type: 'NotificationFailed',
  schemaVersion: 1,
  /** `error` is the provider's error code or our reason, never the message or a phone number. */
  schema: z.object({ ...delivery, error: z.string() }),
  personal: { subject: (d) => d.visitorId, paths: ['message'] },
});

export const watchlistEvents = [
  WatchlistEntryAdded,
  WatchlistEntryRemoved,
  HostNotified,
  NotificationFailed,
] as const;

export type WatchlistEvent = EventOf<typeof WatchlistEntryAdded> | EventOf<typeof WatchlistEntryRemoved>;
export type NotificationEvent = EventOf<typeof HostNotified> | EventOf<typeof NotificationFailed>;
