/**
 * Calendar arithmetic in the analytics time zone (config `ANALYTICS_TIME_ZONE`, an IANA name):
 * local dates to UTC instants and hour buckets, and UTC hour buckets back to local days, ISO
 * weeks (Monday first) and months. Read models bucket by UTC hour, so zones whose offset is
 * not a whole number of hours are cut to the hour.
 */

export type Interval = 'day' | 'week' | 'month';

export type Calendar = {
  readonly timeZone: string;
  /** The UTC instant of local midnight starting `date` (YYYY-MM-DD). */
  readonly startOf: (date: string) => Date;
  /** The local date (YYYY-MM-DD) a UTC hour bucket (YYYY-MM-DDTHH) falls on. */
  readonly localDateOfHour: (hour: string) => string;
  /** The local hour of day (0–23) of a UTC hour bucket. */
  readonly localHourOfHour: (hour: string) => number;
  /** The local date of an instant. */
  readonly localDate: (at: Date) => string;
};

export function calendar(timeZone: string): Calendar {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const fields = (at: Date) =>
    Object.fromEntries(format.formatToParts(at).map((x) => [x.type, x.value])) as Record<string, string>;
  const parts = (at: Date) => {
    const p = fields(at);
    return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) };
  };
  const byHour = new Map<string, { date: string; hour: number }>();
  const ofHour = (hour: string) => {
    let local = byHour.get(hour);
    if (local === undefined) {
      local = parts(new Date(`${hour}:00:00Z`));
      if (byHour.size > 100_000) byHour.clear();
      byHour.set(hour, local);
    }
    return local;
  };
  /** Minutes the zone is ahead of UTC at an instant. */
  const offsetMinutes = (at: Date) => {
    const p = fields(at);
    const local = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!);
    return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
  };
  return {
    timeZone,
    startOf: (date) => {
      const naive = Date.parse(`${date}T00:00:00Z`);
      // Twice, for the days a daylight-saving change falls on.
      let guess = naive - offsetMinutes(new Date(naive)) * 60_000;
      guess = naive - offsetMinutes(new Date(guess)) * 60_000;
      return new Date(guess);
    },
    localDateOfHour: (hour) => ofHour(hour).date,
    localHourOfHour: (hour) => ofHour(hour).hour,
    localDate: (at) => parts(at).date,
  };
}

/** A UTC hour bucket of an instant. */
export const hourBucket = (at: Date) => at.toISOString().slice(0, 13);

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The first day of the period of `interval` that holds `date`. */
export function periodStart(date: string, interval: Interval): string {
  if (interval === 'day') return date;
  if (interval === 'month') return `${date.slice(0, 7)}-01`;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

export function nextPeriod(start: string, interval: Interval): string {
  if (interval === 'day') return addDays(start, 1);
  if (interval === 'week') return addDays(start, 7);
  const [year, month] = start.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
}

/** Days in the calendar month of `date`. */
export function daysInMonth(month: string): number {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}
