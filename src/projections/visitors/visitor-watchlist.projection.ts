/**
 * Watch-list read model: the entries security manages, with normalised name and email
 * columns the check-in lookup matches on. SubjectErased for an entry scrubs its names.
 */
import type { SubjectErasureEvent } from '../../events/audit/subject-erasure.events.js';
import { ERASED, type RecordedEvent } from '../../events/envelope.js';
import type { WatchlistEvent } from '../../events/visitors/watchlist.events.js';
import type { ProjectionContext, Projector } from '../projector.js';
import { normalizeName } from './normalize-name.js';

export const visitorWatchlistProjector: Projector = {
  name: 'visitor-watchlist',
  version: 1,
  handles: ['WatchlistEntryAdded', 'WatchlistEntryRemoved', 'SubjectErased'],
  tables: {
    visitor_watchlist: (t) => {
      t.string('entry_id', 36).primary();
      t.string('first_name', 200).notNullable();
      t.string('last_name', 200).notNullable();
      t.string('email', 320).nullable();
      t.string('email_key', 320).nullable().index();
      t.string('name_key', 400).notNullable().index();
      t.text('reason').notNullable();
      t.string('added_by', 100).notNullable();
      t.string('added_at', 30).notNullable();
      t.boolean('active').notNullable();
    },
  },
  apply: (ctx, event) =>
    applyWatchlistEvent(ctx, event as RecordedEvent<WatchlistEvent | SubjectErasureEvent>),
};

async function applyWatchlistEvent(
  ctx: ProjectionContext,
  event: RecordedEvent<WatchlistEvent | SubjectErasureEvent>,
) {
  switch (event.type) {
    case 'WatchlistEntryAdded': {
      const d = event.data;
      await ctx
        .table('visitor_watchlist')
        .insert({
          entry_id: d.entryId,
          first_name: d.firstName,
          last_name: d.lastName,
          email: d.email,
          email_key: d.email === null ? null : d.email.trim().toLowerCase(),
          name_key: normalizeName(`${d.firstName} ${d.lastName}`),
          reason: d.reason,
          added_by: d.addedBy,
          added_at: d.addedAt,
          active: true,
        })
        .onConflict('entry_id')
        .ignore();
      return;
    }
    case 'WatchlistEntryRemoved':
      await ctx.table('visitor_watchlist').where({ entry_id: event.data.entryId }).update({ active: false });
      return;
    case 'SubjectErased':
      await ctx
        .table('visitor_watchlist')
        .where({ entry_id: event.data.subjectId })
        .update({ first_name: ERASED, last_name: ERASED, email: null, email_key: null, name_key: ERASED });
      return;
  }
}
