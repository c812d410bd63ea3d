/** Reads of the audit index: which log positions match an auditor's filters, a page at a time. */
import type { Knex } from 'knex';
import { paginate, type Page, type PageRequest } from '../pagination.js';

export type AuditEventFilters = {
  readonly stream?: string | undefined;
  readonly category?: string | undefined;
  readonly type?: string | undefined;
  /** A user id, or `system:<name>` for a system actor. */
  readonly actorId?: string | undefined;
  /** Inclusive bounds on `occurredAt` (ISO-8601). */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
};

/** Positions of the matching events in log order, paged by position. */
export async function findAuditPositions(
  db: Knex,
  filters: AuditEventFilters,
  page: PageRequest,
): Promise<Page<bigint>> {
  const query = db('audit_events').select('position');
  if (filters.stream !== undefined) void query.where('stream_id', filters.stream);
  if (filters.category !== undefined) void query.where('category', filters.category);
  if (filters.type !== undefined) void query.where('type', filters.type);
  if (filters.actorId !== undefined) void query.where('actor_id', filters.actorId);
  // occurredAt is stored as toISOString() writes it, so normalised bounds compare as text.
  if (filters.from !== undefined) void query.where('occurred_at', '>=', new Date(filters.from).toISOString());
  if (filters.to !== undefined) void query.where('occurred_at', '<=', new Date(filters.to).toISOString());
  const result = await paginate<{ position: number | string | bigint }>(query, ['position'], page);
  return { items: result.items.map((row) => BigInt(row.position)), nextCursor: result.nextCursor };
}
