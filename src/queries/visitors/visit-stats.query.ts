/**
 * Daily visit statistics (for the analytics module and GET /api/visitors/stats): per day and
 * for the period, visits, unique visitors, total and average duration, check-ins per hour of
 * day and the peak hour. Days are UTC `YYYY-MM-DD`, `to` inclusive.
 */
import type { Knex } from 'knex';

export type VisitDayStats = {
  readonly day: string;
  readonly visits: number;
  readonly uniqueVisitors: number;
  readonly totalDurationMinutes: number;
  readonly avgDurationMinutes: number | null;
};

export type VisitStats = {
  readonly from: string;
  readonly to: string;
  readonly days: VisitDayStats[];
  readonly totals: Omit<VisitDayStats, 'day'> & {
    readonly checkinsByHour: number[];
    readonly peakHour: number | null;
  };
};

const average = (total: number, count: number) =>
  count === 0 ? null : Math.round((total / count) * 10) / 10;

export async function visitStats(db: Knex, from: string, to: string): Promise<VisitStats> {
  const range = <Q extends Knex.QueryBuilder>(q: Q) => q.where('day', '>=', from).where('day', '<=', to);
  const [days, uniques, hours, unique] = await Promise.all([
    range(db('visit_daily_stats').select('*')).orderBy('day') as Promise<
      { day: string; visits: number; checked_out: number; total_duration_minutes: number | string }[]
    >,
    range(db('visit_daily_visitors').select('day').count({ n: '*' }).groupBy('day')) as Promise<
      { day: string; n: number | string }[]
    >,
    range(db('visit_hourly_checkins').select('hour').sum({ n: 'checkins' }).groupBy('hour')) as Promise<
      { hour: number; n: number | string }[]
    >,
    range(db('visit_daily_visitors').countDistinct({ n: 'visitor_id' })).first() as Promise<
      { n: number | string } | undefined
    >,
  ]);
  const uniqueByDay = new Map(uniques.map((u) => [u.day, Number(u.n)]));
  const checkinsByHour = Array.from({ length: 24 }, () => 0);
  for (const h of hours) checkinsByHour[Number(h.hour)] = Number(h.n);
  const max = Math.max(...checkinsByHour);
  let visits = 0,
    checkedOut = 0,
    total = 0;
  const perDay = days.map((d) => {
    visits += Number(d.visits);
    checkedOut += Number(d.checked_out);
    total += Number(d.total_duration_minutes);
    return {
      day: d.day,
      visits: Number(d.visits),
      uniqueVisitors: uniqueByDay.get(d.day) ?? 0,
      totalDurationMinutes: Number(d.total_duration_minutes),
      avgDurationMinutes: average(Number(d.total_duration_minutes), Number(d.checked_out)),
    };
  });
  return {
    from,
    to,
    days: perDay,
    totals: {
      visits,
      uniqueVisitors: Number(unique?.n ?? 0),
      totalDurationMinutes: total,
      avgDurationMinutes: average(total, checkedOut),
      checkinsByHour,
      peakHour: max === 0 ? null : checkinsByHour.indexOf(max),
    },
  };
}
