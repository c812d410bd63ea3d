/** Reads of the watch list and of the visitor notifications. */
import type { Knex } from 'knex';
import { mapPage, paginate, type Page, type PageRequest } from '../pagination.js';

export type WatchlistView = {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string | null;
  readonly reason: string;
  readonly addedBy: string;
  readonly addedAt: string;
  readonly active: boolean;
};

type WatchlistRow = {
  entry_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  reason: string;
  added_by: string;
  added_at: string;
  active: number | boolean;
};

export async function listWatchlist(
  db: Knex,
  request: PageRequest & { readonly includeRemoved?: boolean },
): Promise<Page<WatchlistView>> {
  const query = db('visitor_watchlist').select('*');
  if (request.includeRemoved !== true) void query.where({ active: true });
  const page = await paginate<WatchlistRow>(query, ['added_at', 'entry_id'], request, 'desc');
  return mapPage(page, (r) => ({
    id: r.entry_id,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    reason: r.reason,
    addedBy: r.added_by,
    addedAt: r.added_at,
    active: Boolean(r.active),
  }));
}

export type NotificationView = {
  readonly id: string;
  readonly visitId: string;
  readonly kind: string;
  readonly recipient: string;
  readonly channel: string;
  readonly status: 'sent' | 'failed';
  readonly message: string;
  readonly error: string | null;
  readonly attempts: number;
  readonly at: string;
};

type NotificationRow = {
  notification_id: string;
  visit_id: string;
  kind: string;
  recipient: string;
  channel: string;
  status: 'sent' | 'failed';
  message: string;
  error: string | null;
  attempts: number;
  at: string;
  position: string | number;
};

export async function listNotifications(
  db: Knex,
  request: PageRequest & { readonly recipient?: string | undefined; readonly visitId?: string | undefined },
): Promise<Page<NotificationView>> {
  const query = db('visitor_notifications').select('*');
  if (request.recipient !== undefined) void query.where({ recipient: request.recipient });
  if (request.visitId !== undefined) void query.where({ visit_id: request.visitId });
  const page = await paginate<NotificationRow>(query, ['position', 'notification_id'], request, 'desc');
  return mapPage(page, (r) => ({
    id: r.notification_id,
    visitId: r.visit_id,
    kind: r.kind,
    recipient: r.recipient,
    channel: r.channel,
    status: r.status,
    message: r.message,
    error: r.error,
    attempts: Number(r.attempts),
    at: r.at,
  }));
}
