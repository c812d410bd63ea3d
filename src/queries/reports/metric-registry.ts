/**
 * The metrics trends and custom reports may ask for: each has a unit, how it aggregates over
 * a period, the counters it reads from the analytics read model, and how its value is computed
 * from their sums (and the period's hours worked, for the DOMAIN.md rates: null without hours).
 */
import type { Counter } from '../../projections/reports/analytics-metrics.js';

export type Aggregation = 'sum' | 'average' | 'ratio' | 'rate';

export type MetricDefinition = {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly aggregation: Aggregation;
  readonly source: 'analytics_counters';
  readonly counters: readonly Counter[];
  /** The value for one period; `null` when it is undefined (no hours, nothing to average). */
  readonly compute: (sum: (counter: Counter) => number, hoursWorked: number | null) => number | null;
  /** Rates need hours worked. */
  readonly needsHours?: boolean;
};

const round = (value: number) => Math.round(value * 100) / 100;

/** `n × base / hours`, null when no hours are recorded (never a division by zero). */
export function rate(n: number, hours: number | null, base: number): number | null {
  return hours === null || hours <= 0 ? null : round((n * base) / hours);
}

const ratio = (numerator: number, denominator: number, scale = 1) =>
  denominator === 0 ? null : round((numerator / denominator) * scale);

const total = (name: string, counter: Counter, unit: string, description: string): MetricDefinition => ({
  name,
  description,
  unit,
  aggregation: 'sum',
  source: 'analytics_counters',
  counters: [counter],
  compute: (sum) => sum(counter),
});

/** A sum divided by a count over the period; null when nothing was counted. */
const average = (
  name: string,
  total: Counter,
  count: Counter,
  unit: string,
  description: string,
): MetricDefinition => ({
  name,
  description,
  unit,
  aggregation: 'average',
  source: 'analytics_counters',
  counters: [total, count],
  compute: (sum) => ratio(sum(total), sum(count)),
});

const safetyRate = (name: string, counter: Counter, base: number, description: string): MetricDefinition => ({
  name,
  description,
  unit: `per ${base.toLocaleString('en-US')} hours`,
  aggregation: 'rate',
  source: 'analytics_counters',
  counters: [counter],
  needsHours: true,
  compute: (sum, hours) => rate(sum(counter), hours, base),
});

export const METRICS: readonly MetricDefinition[] = [
  total('visits', 'visits', 'visits', 'Visitor check-ins'),
  average(
    'avg_visit_minutes',
    'visit_minutes',
    'visits_completed',
    'minutes',
    'Average duration of the visits checked out, by check-in time',
  ),
  total('incidents', 'incidents', 'incidents', 'Incidents by the time they occurred'),
  total('recordable_cases', 'recordable_cases', 'cases', 'OSHA recordable cases'),
  total('dart_cases', 'dart_cases', 'cases', 'Days-away, restricted or transfer cases'),
  total('lost_time_cases', 'lost_time_cases', 'cases', 'Cases with days away from work'),
  total('near_misses', 'near_misses', 'incidents', 'Near misses'),
  total('days_away', 'days_away', 'days', 'Days away from work (capped at 180 per case)'),
  safetyRate('trir', 'recordable_cases', 200_000, 'Total recordable incident rate'),
  safetyRate('dart_rate', 'dart_cases', 200_000, 'DART rate'),
  safetyRate('lost_time_case_rate', 'lost_time_cases', 200_000, 'Lost-time case rate'),
  safetyRate('ltifr', 'lost_time_injuries', 1_000_000, 'Lost-time injury frequency rate'),
  {
    name: 'severity_rate',
    description: '(Days away + days restricted) per 200,000 hours',
    unit: 'per 200,000 hours',
    aggregation: 'rate',
    source: 'analytics_counters',
    counters: ['days_away', 'days_restricted'],
    needsHours: true,
    compute: (sum, hours) => rate(sum('days_away') + sum('days_restricted'), hours, 200_000),
  },
  total('actions_opened', 'actions_opened', 'actions', 'Corrective and preventive actions opened'),
  total('actions_closed', 'actions_closed', 'actions', 'Corrective and preventive actions completed'),
  average(
    'avg_days_to_close',
    'days_to_close',
    'incidents_closed',
    'days',
    'Average days from report to close of the incidents closed',
  ),
  total('inspections_completed', 'inspections_completed', 'inspections', 'Inspections completed'),
  average(
    'avg_inspection_score',
    'inspection_score_sum',
    'inspections_scored',
    'percent',
    'Average score of the inspections completed',
  ),
  total('biometric_verifications', 'biometric_verifications', 'attempts', 'Biometric 1:1 verifications'),
  {
    name: 'biometric_match_rate',
    description: 'Share of decided verifications that matched',
    unit: 'percent',
    aggregation: 'ratio',
    source: 'analytics_counters',
    counters: ['biometric_accepts', 'biometric_rejects'],
    compute: (sum) =>
      ratio(sum('biometric_accepts'), sum('biometric_accepts') + sum('biometric_rejects'), 100),
  },
];

export const METRIC_NAMES = METRICS.map((m) => m.name) as [string, ...string[]];

export function metricNamed(name: string): MetricDefinition | undefined {
  return METRICS.find((m) => m.name === name);
}
