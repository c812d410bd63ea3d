/** Widget requests: `config` is validated per widget type against the metric and dataset registries. */
import { z } from 'zod';
import { WidgetPosition } from '../../events/dashboards/widget.events.js';
import { DATASET_NAMES } from '../../queries/reports/datasets.query.js';
import { METRIC_NAMES } from '../../queries/reports/metric-registry.js';

/** The live figures of GET /api/dashboard/metrics a metric widget may show. */
export const LIVE_METRICS = [
  'visitorsOnSite',
  'visitsToday',
  'openIncidents',
  'incidentsThisMonth',
  'overdueActions',
  'trainingCompliance',
  'inspectionsDueThisWeek',
  'biometricVerificationsToday',
] as const;

const Title = z.string().trim().min(1).max(200);
const departmentId = z.uuid().optional();

export const MetricConfig = z.strictObject({
  metric: z.enum([...LIVE_METRICS, ...METRIC_NAMES]),
  departmentId,
});
export const TrendConfig = z.strictObject({
  metric: z.enum(METRIC_NAMES),
  interval: z.enum(['day', 'week', 'month']).default('day'),
  days: z.number().int().min(1).max(366).default(30),
  departmentId,
});
export const TableConfig = z.strictObject({
  dataset: z.enum(DATASET_NAMES),
  limit: z.number().int().min(1).max(50).default(10),
  departmentId,
});

export const WidgetBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('metric'), title: Title, config: MetricConfig, position: WidgetPosition }),
  z.object({ type: z.literal('trend'), title: Title, config: TrendConfig, position: WidgetPosition }),
  z.object({ type: z.literal('table'), title: Title, config: TableConfig, position: WidgetPosition }),
]);
export type WidgetBody = z.infer<typeof WidgetBody>;

export const WidgetParams = z.object({ id: z.uuid() });
