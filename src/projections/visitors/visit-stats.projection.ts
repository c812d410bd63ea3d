/**
 * Daily visit statistics for analytics (DOMAIN.md: duration = checkout − check-in; peak hour =
 * the hour of day with most check-ins). Counters are pre-aggregated per UTC day and per
 * (day, hour); each counter row remembers the last position it counted, so an event applied
 * twice is counted once. Unique visitors: one row per (day, visitor). No personal data here,
 * so erasure leaves the statistics whole.
 */
import type { RecordedEvent } from '../../events/envelope.js';
import type { VisitEvent } from '../../events/visitors/visit.events.js';
import type { ProjectionContext, Projector } from '../projector.js';

export const visitStatsProjector: Projector = {
  name: 'visit-stats',
  version: 1,
  handles: ['VisitorCheckedIn', 'VisitorCheckedOut'],
  tables: {
    visit_daily_stats: (t) => {
      t.string('day', 10).primary();
      t.integer('visits').notNullable();
      t.integer('checked_out').notNullable();
      t.bigInteger('total_duration_minutes').notNullable();
      t.bigInteger('last_position').notNullable();
    },
    visit_hourly_checkins: (t) => {
      t.string('day', 10).notNullable();
      t.integer('hour').notNullable();
      t.integer('checkins').notNullable();
      t.bigInteger('last_position').notNullable();
      t.primary(['day', 'hour']);
    },
    visit_daily_visitors: (t) => {
      t.string('day', 10).notNullable();
      t.string('visitor_id', 36).notNullable();
      t.primary(['day', 'visitor_id']);
    },
  },
  apply: (ctx, event) => applyStats(ctx, event as RecordedEvent<VisitEvent>),
};

async function applyStats(ctx: ProjectionContext, event: RecordedEvent<VisitEvent>): Promise<void> {
  const at = String(event.position);
  if (event.type === 'VisitorCheckedIn') {
    const { checkedInAt, visitorId } = event.data;
    const day = checkedInAt.slice(0, 10);
    await bump(ctx, 'visit_daily_stats', { day }, { visits: 1 }, at);
    await bump(
      ctx,
      'visit_hourly_checkins',
      { day, hour: new Date(checkedInAt).getUTCHours() },
      { checkins: 1 },
      at,
    );
    await ctx
      .table('visit_daily_visitors')
      .insert({ day, visitor_id: visitorId })
      .onConflict(['day', 'visitor_id'])
      .ignore();
  } else if (event.type === 'VisitorCheckedOut') {
    const day = event.data.checkedInAt.slice(0, 10);
    await bump(
      ctx,
      'visit_daily_stats',
      { day },
      { checked_out: 1, total_duration_minutes: event.data.durationMinutes },
      at,
    );
  }
}

const ZERO: Record<string, Record<string, number>> = {
  visit_daily_stats: { visits: 0, checked_out: 0, total_duration_minutes: 0 },
  visit_hourly_checkins: { checkins: 0 },
};

/** Adds `increments` to the row at `key` unless this position was counted already. */
async function bump(
  ctx: ProjectionContext,
  table: string,
  key: Record<string, string | number>,
  increments: Record<string, number>,
  position: string,
): Promise<void> {
  await ctx
    .table(table)
    .insert({ ...key, ...ZERO[table], last_position: 0 })
    .onConflict(Object.keys(key))
    .ignore();
  const changes: Record<string, unknown> = { last_position: position };
  for (const [column, by] of Object.entries(increments))
    changes[column] = ctx.trx.raw('?? + ?', [column, by]);
  await ctx.table(table).where(key).where('last_position', '<', position).update(changes);
}
