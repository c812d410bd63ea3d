/**
 * Daily visit statistics for analytics (DOMAIN.md: duration = checkout − check-in; peak hour =
 * the hour of day with most check-ins). Counters are pre-aggregated per UTC day and per
 * (day, hour); each counter row remembers the last position it counted, so an event applied
 * twice is counted once. A batch sums its counts in memory and writes each table once. Unique visitors: one row per (day, visitor). No personal data here,
 * so erasure leaves the statistics whole.
 */
import type { RecordedEvent } from '../../events/envelope.js';
import type { VisitEvent } from '../../events/visitors/visit.events.js';
import { counterBatch, insertIgnore } from '../batch-writes.js';
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
  apply: (ctx, event) => applyStats(ctx, [event]),
  applyBatch: (ctx, events) => applyStats(ctx, events),
};

/** A batch's counts, summed per row in memory, then one upsert per table (batch-writes.ts). */
async function applyStats(ctx: ProjectionContext, events: readonly RecordedEvent[]): Promise<void> {
  const daily = counterBatch(
    'visit_daily_stats',
    ['day'],
    ['visits', 'checked_out', 'total_duration_minutes'],
  );
  const hourly = counterBatch('visit_hourly_checkins', ['day', 'hour'], ['checkins']);
  const visitors = new Map<string, { day: string; visitor_id: string }>();
  for (const event of events as readonly RecordedEvent<VisitEvent>[]) {
    if (event.type === 'VisitorCheckedIn') {
      const { checkedInAt, visitorId } = event.data;
      const day = checkedInAt.slice(0, 10);
      daily.add({ day }, { visits: 1 }, event.position);
      hourly.add({ day, hour: new Date(checkedInAt).getUTCHours() }, { checkins: 1 }, event.position);
      visitors.set(`${day} ${visitorId}`, { day, visitor_id: visitorId });
    } else if (event.type === 'VisitorCheckedOut') {
      const day = event.data.checkedInAt.slice(0, 10);
      const { durationMinutes } = event.data;
      daily.add({ day }, { checked_out: 1, total_duration_minutes: durationMinutes }, event.position);
    }
  }
  await daily.write(ctx);
  await hourly.write(ctx);
  await insertIgnore(ctx, 'visit_daily_visitors', ['day', 'visitor_id'], [...visitors.values()]);
}
