/**
 * Visits read model: one row per visit (history, roll call, detail) and its timeline. Names
 * are kept in a normalised search column; SubjectErased scrubs the visitor's clear copies
 * (counts, times and durations stay). Row updates are guarded by the last applied position,
 * so an event applied twice, or late, never rolls a visit's status back. Each row also holds
 * its list item as JSON, a column the database keeps up to date itself (see viewJsonColumn).
 */
import type { SubjectErasureEvent } from '../../events/audit/subject-erasure.events.js';
import { actorIdOf } from '../../events/audit/actor-id.js';
import { ERASED, type RecordedEvent } from '../../events/envelope.js';
import type { VisitEvent, VisitorDetails } from '../../events/visitors/visit.events.js';
import type { NotificationEvent } from '../../events/visitors/watchlist.events.js';
import { inRuns, insertIgnore, type Value } from '../batch-writes.js';
import type { ProjectionContext, Projector } from '../projector.js';
import { normalizeName } from './normalize-name.js';

type Handled = VisitEvent | NotificationEvent | SubjectErasureEvent;
type Row = Record<string, Value>;

export const visitsProjector: Projector = {
  name: 'visits',
  // 2: the view_json column. 3: the name indexes end in the sort key (name search reads one
  // page of each index, see listVisits).
  version: 3,
  handles: [
    'VisitorInvited',
    'VisitorCheckedIn',
    'VisitApproved',
    'VisitRejected',
    'VisitorCheckedOut',
    'VisitorDenied',
    'VisitOverstayed',
    'InvitationExpired',
    'HostNotified',
    'NotificationFailed',
    'SubjectErased',
  ],
  tables: {
    visits: (t, dialect) => {
      t.string('visit_id', 36).primary();
      t.string('visitor_id', 36).notNullable().index();
      t.string('visitor_name', 300).notNullable();
      t.string('name_key', 300).notNullable();
      t.string('surname_key', 300).notNullable();
      t.string('company', 300).nullable();
      t.string('host_id', 36).notNullable();
      t.text('purpose').notNullable();
      t.string('status', 20).notNullable();
      t.string('expected_arrival', 30).nullable();
      t.string('expected_departure', 30).nullable();
      t.string('checked_in_at', 30).nullable();
      t.string('checked_out_at', 30).nullable();
      t.integer('duration_minutes').nullable();
      t.string('badge_number', 20).nullable();
      t.boolean('overstayed').notNullable().defaultTo(false);
      t.boolean('personal_erased').notNullable().defaultTo(false);
      /** When the visit happens for lists: check-in, else denial, else expected arrival. */
      t.string('sort_at', 30).notNullable();
      t.bigInteger('last_position').notNullable();
      t.specificType('view_json', viewJsonColumn(dialect));
      t.index(['sort_at', 'visit_id']);
      t.index(['host_id', 'sort_at', 'visit_id']);
      t.index(['status', 'sort_at', 'visit_id']);
      t.index(['name_key', 'sort_at', 'visit_id']);
      t.index(['surname_key', 'sort_at', 'visit_id']);
    },
    visit_timeline: (t) => {
      t.bigInteger('position').primary();
      t.string('visit_id', 36).notNullable().index();
      t.string('type', 40).notNullable();
      t.string('at', 30).notNullable();
      t.string('actor_id', 100).notNullable();
    },
  },
  apply: (ctx, event) => applyVisitEvents(ctx, [event]),
  applyBatch: (ctx, events) => applyVisitEvents(ctx, events),
};

/**
 * The visit as a list item (a VisitView without its host's name, which queries join in from
 * the users model), as JSON: a STORED generated column, so every insert, update and erasure
 * scrub keeps it right without the projector writing it. A page of 50 is then 50 strings to
 * join, where it was 750 columns to materialise, map, check against the response schema and
 * stringify, and the database does not build the JSON on each read either (SQLite's
 * json_object at query time took about a third of a history request's CPU; MariaDB's cost its
 * server 535 against 345 µs a page for the columns). The keys are toVisitView's; tests hold
 * the two equal. SQLite has no booleans (json('true') embeds one); MySQL makes a comparison one.
 */
function viewJsonColumn(dialect: 'sqlite' | 'mysql'): string {
  const overstayed =
    dialect === 'mysql' ? 'overstayed <> 0' : "json(CASE WHEN overstayed THEN 'true' ELSE 'false' END)";
  return (
    `TEXT GENERATED ALWAYS AS (json_object('visitId', visit_id, 'visitorId', visitor_id, ` +
    `'visitorName', visitor_name, 'company', company, 'hostId', host_id, 'purpose', purpose, ` +
    `'status', status, 'checkedInAt', checked_in_at, 'checkedOutAt', checked_out_at, ` +
    `'durationMinutes', duration_minutes, 'expectedDeparture', expected_departure, ` +
    `'badgeNumber', NULLIF(badge_number, ''), 'overstayed', ${overstayed})) STORED`
  );
}

/** A batch in order; an erasure scrubs what came before it, so it cuts the batch in two. */
async function applyVisitEvents(ctx: ProjectionContext, events: readonly RecordedEvent[]): Promise<void> {
  await inRuns(
    events as readonly RecordedEvent<Handled>[],
    (e) => e.type !== 'SubjectErased',
    (run) => writeRun(ctx, run as readonly RecordedEvent<VisitEvent | NotificationEvent>[]),
    (e) => scrub(ctx, (e as RecordedEvent<SubjectErasureEvent>).data.subjectId),
  );
}

/**
 * Timeline rows in one insert; each visit's changes folded in memory onto the row as stored
 * (read once for the run), so a new visit is one multi-row insert and a known one one update.
 */
async function writeRun(
  ctx: ProjectionContext,
  events: readonly RecordedEvent<VisitEvent | NotificationEvent>[],
): Promise<void> {
  if (events.length === 0) return;
  await insertIgnore(
    ctx,
    'visit_timeline',
    ['position'],
    events.map((event) => ({
      position: String(event.position),
      visit_id: event.data.visitId,
      type: event.type,
      at: event.metadata.occurredAt,
      actor_id: actorIdOf(event.metadata.actor),
    })),
  );
  const changes = events.flatMap((event) => {
    const change = rowChange(event);
    return change === undefined ? [] : [{ position: event.position, visitId: event.data.visitId, change }];
  });
  if (changes.length === 0) return;
  const stored = new Map<string, bigint>();
  const known = await ctx
    .table('visits')
    .whereIn('visit_id', [...new Set(changes.map((c) => c.visitId))])
    .select<{ visit_id: string; last_position: string | number }[]>('visit_id', 'last_position');
  for (const row of known) stored.set(row.visit_id, BigInt(row.last_position));
  const inserts = new Map<string, Row>();
  const updates = new Map<string, Row>();
  for (const { position, visitId, change } of changes) {
    const at = String(position);
    const fresh = inserts.get(visitId);
    const storedAt = stored.get(visitId);
    if (fresh !== undefined) Object.assign(fresh, change.update, { last_position: at });
    else if (storedAt === undefined) {
      // An update for a visit the model does not have yet changes nothing, as an UPDATE would.
      if (change.insert !== undefined)
        inserts.set(visitId, {
          sort_at: '',
          ...change.insert,
          ...change.update,
          visit_id: visitId,
          last_position: at,
        });
    } else if (position > storedAt)
      updates.set(visitId, { ...updates.get(visitId), ...change.update, last_position: at });
  }
  await insertIgnore(ctx, 'visits', ['visit_id'], [...inserts.values()]);
  for (const [visitId, update] of updates)
    await ctx
      .table('visits')
      .where({ visit_id: visitId })
      .where('last_position', '<', update.last_position as string)
      .update(update);
}

type Change = { readonly insert?: Row; readonly update: Row };

function rowChange(event: RecordedEvent<VisitEvent | NotificationEvent>): Change | undefined {
  switch (event.type) {
    case 'VisitorInvited': {
      const e = event.data;
      const base = { ...visitorColumns(e.visitorId, e.visitor), host_id: e.hostId, purpose: e.purpose };
      const times = { expected_arrival: e.expectedArrival, expected_departure: e.expectedDeparture };
      return { insert: { ...base, ...times, sort_at: e.expectedArrival }, update: { status: 'invited' } };
    }
    case 'VisitorCheckedIn': {
      const e = event.data;
      const base = { ...visitorColumns(e.visitorId, e.visitor), host_id: e.hostId, purpose: e.purpose };
      const update = {
        status: e.approvalRequired ? 'pending_approval' : 'checked_in',
        checked_in_at: e.checkedInAt,
        expected_departure: e.expectedDeparture,
        badge_number: e.badgeNumber,
        sort_at: e.checkedInAt,
      };
      return { insert: base, update };
    }
    case 'VisitorDenied': {
      const e = event.data;
      const base = { ...visitorColumns(e.visitorId, e.visitor), host_id: e.hostId, purpose: '' };
      return { insert: base, update: { status: 'denied', sort_at: e.deniedAt } };
    }
    case 'VisitApproved':
      return { update: { status: 'checked_in' } };
    case 'VisitRejected':
      return { update: { status: 'rejected' } };
    case 'VisitorCheckedOut':
      return {
        update: {
          status: 'checked_out',
          checked_out_at: event.data.checkedOutAt,
          duration_minutes: event.data.durationMinutes,
        },
      };
    case 'VisitOverstayed':
      return { update: { overstayed: true } };
    case 'InvitationExpired':
      return { update: { status: 'expired' } };
    case 'HostNotified':
    case 'NotificationFailed':
      return undefined;
  }
}

function visitorColumns(visitorId: string, visitor: VisitorDetails): Row {
  const name = `${visitor.firstName} ${visitor.lastName}`;
  return {
    visitor_id: visitorId,
    visitor_name: name,
    name_key: normalizeName(name),
    surname_key: normalizeName(`${visitor.lastName} ${visitor.firstName}`),
    company: visitor.company,
  };
}

async function scrub(ctx: ProjectionContext, subjectId: string): Promise<void> {
  await ctx
    .table('visits')
    .where({ visitor_id: subjectId })
    .update({
      visitor_name: ERASED,
      name_key: ERASED,
      surname_key: ERASED,
      company: ctx.trx.raw('CASE WHEN company IS NULL THEN NULL ELSE ? END', [ERASED]),
      personal_erased: true,
    });
}
