/**
 * Reads of the visits read model: the history (filters, keyset pages, newest first, name
 * search on the normalised columns by prefix), the on-site roll call and one visit with its
 * timeline. Host names come from the users read model.
 */
import type { Knex } from 'knex';
import { isMysql } from '../../db/knex-connection.js';
import { normalizeName } from '../../projections/visitors/normalize-name.js';
import { keysetWindow, mapPage, paginate, type Page, type PageRequest } from '../pagination.js';

export const VISIT_STATUSES = [
  'invited',
  'pending_approval',
  'checked_in',
  'checked_out',
  'rejected',
  'denied',
  'expired',
] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export type VisitView = {
  readonly visitId: string;
  readonly visitorId: string;
  readonly visitorName: string;
  readonly company: string | null;
  readonly hostId: string;
  readonly hostName: string | null;
  readonly purpose: string;
  readonly status: VisitStatus;
  readonly checkedInAt: string | null;
  readonly checkedOutAt: string | null;
  readonly durationMinutes: number | null;
  readonly expectedDeparture: string | null;
  readonly badgeNumber: string | null;
  readonly overstayed: boolean;
};

export type VisitRow = {
  visit_id: string;
  visitor_id: string;
  visitor_name: string;
  company: string | null;
  host_id: string;
  host_name: string | null;
  purpose: string;
  status: VisitStatus;
  checked_in_at: string | null;
  checked_out_at: string | null;
  duration_minutes: number | null;
  expected_departure: string | null;
  badge_number: string | null;
  overstayed: number | boolean;
};

export const toVisitView = (row: VisitRow): VisitView => ({
  visitId: row.visit_id,
  visitorId: row.visitor_id,
  visitorName: row.visitor_name,
  company: row.company,
  hostId: row.host_id,
  hostName: row.host_name,
  purpose: row.purpose,
  status: row.status,
  checkedInAt: row.checked_in_at,
  checkedOutAt: row.checked_out_at,
  durationMinutes: row.duration_minutes === null ? null : Number(row.duration_minutes),
  expectedDeparture: row.expected_departure,
  badgeNumber: row.badge_number === '' ? null : row.badge_number,
  overstayed: Boolean(row.overstayed),
});

export type VisitFilter = PageRequest & {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly hostId?: string | undefined;
  readonly status?: VisitStatus | undefined;
  readonly q?: string | undefined;
};

// The columns a VisitView needs (one visit's detail; lists read the stored JSON instead).
const VIEW_COLUMNS = [
  'v.visit_id',
  'v.visitor_id',
  'v.visitor_name',
  'v.company',
  'v.host_id',
  'v.purpose',
  'v.status',
  'v.checked_in_at',
  'v.checked_out_at',
  'v.duration_minutes',
  'v.expected_departure',
  'v.badge_number',
  'v.overstayed',
  'u.name as host_name',
];

const visitsWithHosts = (db: Knex) => db('visits as v').leftJoin('users as u', 'u.id', 'v.host_id');

/**
 * A page of visits as JSON views: each row's stored view_json (see the visits projection)
 * with its host's current name put in front, and the sort key for the cursor.
 */
async function jsonPage(query: Knex.QueryBuilder, request: PageRequest): Promise<Page<string>> {
  void query.select('v.view_json', 'u.name as host_name', 'v.sort_at', 'v.visit_id');
  const page = await paginate<{ view_json: string; host_name: string | null }>(
    query,
    ['v.sort_at', 'v.visit_id'],
    request,
    'desc',
  );
  return mapPage(page, (row) => `{"hostName":${JSON.stringify(row.host_name)},${row.view_json.slice(1)}`);
}

const NEWEST_FIRST = ['v.sort_at', 'v.visit_id'];

/** The history: VisitViews as JSON texts, newest first (see jsonPage). */
export async function listVisits(db: Knex, filter: VisitFilter): Promise<Page<string>> {
  const q = filter.q === undefined ? '' : normalizeName(filter.q);
  if (q.length === 0) return jsonPage(filtered(visitsWithHosts(db), filter), filter);
  // A name search: the visits whose name starts with q either way round. Each form's index
  // ends in the sort key, so each form's page comes from its index alone, and only the
  // page's rows are read. (An OR over both read every match whole and sorted them: about 700
  // rows for 'ada visitor1' in the benchmark's 50,000 visits.)
  const matching = (column: string, alias: string) => {
    const ids = filtered(db('visits as v').select('v.sort_at', 'v.visit_id'), filter);
    nameStartsWith(db, ids, column, q);
    keysetWindow(ids, NEWEST_FIRST, filter, 'desc');
    return db.select('*').from(ids.as(alias));
  };
  const page = matching('v.name_key', 'by_name').union(matching('v.surname_key', 'by_surname'));
  return jsonPage(visitsWithHosts(db).join(page.as('m'), 'm.visit_id', 'v.visit_id'), filter);
}

/** `query` narrowed by the filter's time range, host and status (all but the name search). */
function filtered(query: Knex.QueryBuilder, filter: VisitFilter): Knex.QueryBuilder {
  if (filter.from !== undefined) void query.where('v.sort_at', '>=', new Date(filter.from).toISOString());
  if (filter.to !== undefined) void query.where('v.sort_at', '<', new Date(filter.to).toISOString());
  if (filter.hostId !== undefined) void query.where('v.host_id', filter.hostId);
  if (filter.status !== undefined) void query.where('v.status', filter.status);
  return query;
}

/**
 * Visits whose `column` starts with `prefix`. MySQL serves LIKE 'prefix%' from the index.
 * SQLite's LIKE ignores case, so it cannot use the name columns' binary index and walked the
 * history until a page was full (1.5 ms on 2,000 visits); on SQLite the prefix is the range
 * [prefix, prefix with its last character raised by one), which one index search answers.
 */
function nameStartsWith(db: Knex, query: Knex.QueryBuilder, column: string, prefix: string): void {
  if (isMysql(db)) {
    void query.where(column, 'like', `${prefix.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
    return;
  }
  void query.where(column, '>=', prefix).andWhere(column, '<', nextPrefix(prefix));
}

/** The least string above every string that starts with `prefix`, in code-point (UTF-8) order. */
export function nextPrefix(prefix: string): string {
  const chars = [...prefix];
  const last = chars.pop()!.codePointAt(0)!;
  if (last >= 0x10ffff) return `${prefix}\u{10ffff}`;
  // Code points order as their UTF-8 bytes do; surrogates are not characters, so skip them.
  const next = last + 1 >= 0xd800 && last + 1 <= 0xdfff ? 0xe000 : last + 1;
  return `${chars.join('')}${String.fromCodePoint(next)}`;
}

/** Everyone on site now (the evacuation roll call): arrived and not yet gone, as JSON views. */
export async function listActiveVisits(
  db: Knex,
  request: PageRequest & { readonly hostId?: string | undefined },
): Promise<Page<string>> {
  const query = visitsWithHosts(db).whereIn('v.status', ['checked_in', 'pending_approval']);
  if (request.hostId !== undefined) void query.where('v.host_id', request.hostId);
  return jsonPage(query, request);
}

export type TimelineEntry = { readonly type: string; readonly at: string; readonly actorId: string };

export async function getVisit(
  db: Knex,
  visitId: string,
): Promise<(VisitView & { timeline: TimelineEntry[] }) | undefined> {
  const row = (await visitsWithHosts(db).select(VIEW_COLUMNS).where('v.visit_id', visitId).first()) as
    VisitRow | undefined;
  if (row === undefined) return undefined;
  const timeline = await db('visit_timeline')
    .where({ visit_id: visitId })
    .orderBy('position', 'asc')
    .select('type', 'at', 'actor_id');
  return {
    ...toVisitView(row),
    timeline: (timeline as { type: string; at: string; actor_id: string }[]).map((t) => ({
      type: t.type,
      at: t.at,
      actorId: t.actor_id,
    })),
  };
}

export type VisitDueRow = {
  readonly visitId: string;
  readonly visitorId: string;
  readonly hostId: string;
  readonly visitorName: string;
  readonly company: string | null;
  readonly expectedDeparture: string | null;
};

const due = (rows: VisitRow[]): VisitDueRow[] =>
  rows.map((r) => ({
    visitId: r.visit_id,
    visitorId: r.visitor_id,
    hostId: r.host_id,
    visitorName: r.visitor_name,
    company: r.company,
    expectedDeparture: r.expected_departure,
  }));

/** Checked-in visits expected to have left before `before`, not yet flagged (for the overstay job). */
export async function overstayCandidates(db: Knex, before: Date, limit = 500): Promise<VisitDueRow[]> {
  return due(
    await db<VisitRow>('visits')
      .where({ status: 'checked_in', overstayed: false })
      .where('expected_departure', '<', before.toISOString())
      .limit(limit),
  );
}

/** Invitations whose departure time has passed and are still unused (the decider checks the day's end). */
export async function unusedInvitations(db: Knex, before: Date, limit = 500): Promise<VisitDueRow[]> {
  return due(
    await db<VisitRow>('visits')
      .where({ status: 'invited' })
      .where('expected_departure', '<', before.toISOString())
      .limit(limit),
  );
}

/** Closed visits whose visitor still has personal data, closed before `before` (for retention). */
export async function retentionCandidates(db: Knex, before: Date, limit = 500): Promise<string[]> {
  const rows = (await db('visits')
    .where({ personal_erased: false })
    .where((w) => {
      void w
        .where((c) => {
          void c.where('status', 'checked_out').where('checked_out_at', '<', before.toISOString());
        })
        .orWhere((c) => {
          void c
            .whereIn('status', ['rejected', 'denied', 'expired'])
            .where('sort_at', '<', before.toISOString());
        });
    })
    .distinct('visitor_id')
    .limit(limit)) as { visitor_id: string }[];
  return rows.map((r) => r.visitor_id);
}
