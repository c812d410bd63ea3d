/** Request and response schemas of the analytics, reports and dashboard routes. */
import { z } from 'zod';
import { DATASET_NAMES } from '../../queries/reports/datasets.query.js';
import { METRIC_NAMES } from '../../queries/reports/metric-registry.js';

const LocalDate = z.iso.date();

/** The longest period a request may cover, so one request cannot ask for decades of days. */
export const MAX_PERIOD_DAYS = 3 * 366;

/** `from`/`to` are local dates (the analytics time zone), both included. */
export const PeriodQuery = z
  .object({ from: LocalDate.optional(), to: LocalDate.optional(), departmentId: z.uuid().optional() })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export const TrendQuery = z
  .object({
    metric: z.enum(METRIC_NAMES),
    interval: z.enum(['day', 'week', 'month']).default('day'),
    from: LocalDate.optional(),
    to: LocalDate.optional(),
    departmentId: z.uuid().optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export const FORMATS = ['csv', 'xlsx', 'pdf'] as const;

export const DatasetFilters = z
  .object({
    from: LocalDate.optional(),
    to: LocalDate.optional(),
    departmentId: z.uuid().optional(),
    status: z.string().min(1).max(30).optional(),
  })
  .strict();

export const ExportBody = z.object({
  dataset: z.enum(DATASET_NAMES),
  filters: DatasetFilters.optional(),
  format: z.enum(FORMATS),
});

const nullableNumber = z.number().nullable();

export const KpisResponse = z.object({
  period: z.object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    departmentId: z.string().nullable(),
  }),
  safety: z.object({
    trir: nullableNumber,
    dartRate: nullableNumber,
    ltifr: nullableNumber,
    lostTimeCaseRate: nullableNumber,
    severityRate: nullableNumber,
    recordableCases: z.number(),
    dartCases: z.number(),
    lostTimeCases: z.number(),
    nearMisses: z.number(),
    hoursWorked: nullableNumber,
    openActions: z.number(),
    overdueActions: z.number(),
    avgDaysToClose: nullableNumber,
  }),
  visitors: z.object({
    totalVisits: z.number(),
    uniqueVisitors: z.number(),
    avgVisitMinutes: nullableNumber,
    onSiteNow: z.number(),
    peakHour: z.number().int().nullable(),
  }),
  training: z.object({ compliance: nullableNumber }),
  inspections: z.object({ completed: z.number(), avgScore: nullableNumber }),
  biometric: z.object({ verifications: z.number(), matchRate: nullableNumber }),
});

export const TrendResponse = z.object({
  metric: z.string(),
  unit: z.string(),
  interval: z.enum(['day', 'week', 'month']),
  points: z.array(z.object({ periodStart: z.string(), value: nullableNumber })),
});

export const MetricsResponse = z.object({
  visitorsOnSite: z.number(),
  visitsToday: z.number(),
  openIncidents: z.number(),
  incidentsThisMonth: z.number(),
  overdueActions: z.number(),
  trainingCompliance: nullableNumber,
  inspectionsDueThisWeek: z.number(),
  biometricVerificationsToday: z.number(),
  generatedAt: z.string(),
  position: z.string(),
});
