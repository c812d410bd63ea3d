/**
 * The counters the analytics projector keeps per UTC hour and department, and how facts about
 * incidents map onto them (DOMAIN.md, Health & safety). Queries sum these; nothing else
 * writes them.
 */

export const COUNTERS = [
  'visits',
  'visits_completed',
  'visit_minutes',
  'incidents',
  'recordable_cases',
  'dart_cases',
  'lost_time_cases',
  'lost_time_injuries',
  'near_misses',
  'days_away',
  'days_restricted',
  'incidents_closed',
  'days_to_close',
  'actions_opened',
  'actions_closed',
  'actions_overdue',
  'inspections_completed',
  'inspections_scored',
  'inspection_score_sum',
  'biometric_verifications',
  'biometric_identifications',
  'biometric_accepts',
  'biometric_rejects',
] as const;

export type Counter = (typeof COUNTERS)[number];
export type Counts = Partial<Record<Counter, number>>;

/** A UTC hour bucket, `YYYY-MM-DDTHH`, from an ISO-8601 UTC time. */
export function hourOf(isoUtc: string): string {
  return new Date(isoUtc).toISOString().slice(0, 13);
}

export type IncidentFacts = {
  readonly type: string;
  readonly recordable: boolean;
  readonly outcome: string | null;
  readonly daysAway: number;
  readonly daysRestricted: number;
};

/**
 * What one incident adds to the counters of the hour it occurred in. DART = days away or
 * restricted/transfer; a lost-time case has days away; a lost-time injury is such a case of
 * type injury.
 */
export function incidentCounts(i: IncidentFacts): Counts {
  const counts: Counts = { incidents: 1, near_misses: i.type === 'near_miss' ? 1 : 0 };
  if (!i.recordable) return counts;
  const daysAwayCase = i.outcome === 'days_away';
  return {
    ...counts,
    recordable_cases: 1,
    dart_cases: daysAwayCase || i.outcome === 'restricted' ? 1 : 0,
    lost_time_cases: daysAwayCase ? 1 : 0,
    lost_time_injuries: daysAwayCase && i.type === 'injury' ? 1 : 0,
    days_away: i.daysAway,
    days_restricted: i.daysRestricted,
  };
}
