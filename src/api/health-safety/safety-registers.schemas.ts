/** Request and response schemas of inspections, training, hazards, obligations, emergency and reports. */
import { z } from 'zod';
import { ROLES } from '../../events/auth/roles.js';
import { RECURRENCES } from '../../events/health-safety/compliance.events.js';
import { CONTROL_TYPES, RISK_LEVELS } from '../../events/health-safety/hazard.events.js';
import { CHECK_RESULTS } from '../../events/health-safety/inspection.events.js';
import { PageQuery } from '../auth/identity.schemas.js';
import { isoDate, isoDateTime, text } from './incident.schemas.js';

export const NewInspectionBody = z.object({
  title: text(300),
  location: text(300),
  departmentId: z.uuid(),
  scheduledFor: isoDateTime,
  inspectorId: z.uuid(),
  checklist: z
    .array(z.object({ question: text(1000), weight: z.number().positive().max(1000).optional() }))
    .min(1)
    .max(500),
});
export const CompleteInspectionBody = z.object({
  responses: z
    .array(z.object({ itemId: z.uuid(), result: z.enum(CHECK_RESULTS), note: text(2000).optional() }))
    .min(1)
    .max(500),
});
export const InspectionListQuery = PageQuery.extend({
  status: z.enum(['scheduled', 'completed']).optional(),
  departmentId: z.uuid().optional(),
});
export const InspectionSchema = z.object({
  inspectionId: z.string(),
  title: z.string(),
  location: z.string(),
  departmentId: z.string(),
  scheduledFor: z.string(),
  inspectorId: z.string(),
  status: z.string(),
  overdue: z.boolean(),
  score: z.number().nullable(),
  checklist: z.array(z.object({ itemId: z.string(), question: z.string(), weight: z.number() })),
  responses: z
    .array(z.object({ itemId: z.string(), result: z.string(), note: z.string().nullable() }))
    .nullable(),
  failedItems: z.array(z.string()),
  completedAt: z.string().nullable(),
});

export const NewCourseBody = z.object({
  name: text(200),
  validityMonths: z.number().int().min(1).max(240),
  requiredForRoles: z.array(z.enum(ROLES)).max(ROLES.length).optional(),
});
export const CourseSchema = z.object({
  courseId: z.string(),
  name: z.string(),
  validityMonths: z.number().int(),
  requiredForRoles: z.array(z.string()),
});
export const NewTrainingBody = z.object({
  employeeId: z.uuid(),
  courseId: z.uuid(),
  completedAt: isoDateTime,
  trainer: text(200).optional(),
  score: z.number().min(0).max(100).optional(),
});
export const TrainingStatusSchema = z.enum(['valid', 'expiring', 'expired']);
export const TrainingListQuery = PageQuery.extend({
  employeeId: z.uuid().optional(),
  courseId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
  status: TrainingStatusSchema.optional(),
});
export const TrainingSchema = z.object({
  recordId: z.string(),
  employeeId: z.string(),
  departmentId: z.string().nullable(),
  courseId: z.string(),
  courseName: z.string(),
  completedAt: z.string(),
  expiresAt: z.string(),
  trainer: z.string().nullable(),
  score: z.number().nullable(),
  status: TrainingStatusSchema,
});

const Control = z.object({ type: z.enum(CONTROL_TYPES), description: text(1000) });
const Rating = z.number().int().min(1).max(5);
export const NewHazardBody = z.object({
  title: text(300),
  description: text(5000),
  location: text(300),
  departmentId: z.uuid(),
  likelihood: Rating,
  severity: Rating,
  controls: z.array(Control).max(50).default([]),
  reviewDate: isoDate.optional(),
});
export const AssessmentBody = z.object({
  likelihood: Rating,
  severity: Rating,
  controls: z.array(Control).max(50).default([]),
  notes: text(5000).optional(),
  nextReviewDate: isoDate.optional(),
});
const Assessment = z.object({
  likelihood: z.number(),
  severity: z.number(),
  riskScore: z.number(),
  riskLevel: z.string(),
});
export const HazardSchema = z.object({
  hazardId: z.string(),
  title: z.string(),
  description: z.string(),
  location: z.string(),
  departmentId: z.string(),
  initial: Assessment,
  residual: Assessment.nullable(),
  riskScore: z.number(),
  riskLevel: z.string(),
  controls: z.array(z.object({ type: z.string(), description: z.string() })),
  reviewDate: z.string().nullable(),
  assessments: z.number().int(),
});
export const HazardListQuery = PageQuery.extend({
  departmentId: z.uuid().optional(),
  riskLevel: z.enum(RISK_LEVELS).optional(),
});

export const NewObligationBody = z.object({
  title: text(300),
  description: text(5000).optional(),
  departmentId: z.uuid().optional(),
  ownerId: z.uuid(),
  dueDate: isoDate,
  recurrence: z.enum(RECURRENCES).optional(),
});
export const CompleteObligationBody = z.object({ evidence: text(5000) });
export const ObligationListQuery = PageQuery.extend({
  status: z.enum(['open', 'completed']).optional(),
  departmentId: z.uuid().optional(),
});
export const ObligationSchema = z.object({
  obligationId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  departmentId: z.string().nullable(),
  ownerId: z.string(),
  dueDate: z.string(),
  recurrence: z.string(),
  status: z.string(),
  overdue: z.boolean(),
  lastCompletedAt: z.string().nullable(),
  lastEvidence: z.string().nullable(),
});

export const ComplianceQuery = z.object({ departmentId: z.uuid().optional() });
export const ComplianceSchema = z.object({
  overallCompliance: z.number().nullable(),
  categories: z.array(
    z.object({
      name: z.enum(['training', 'inspections', 'corrective_actions', 'obligations']),
      compliance: z.number().nullable(),
      total: z.number().int(),
      compliant: z.number().int(),
      overdue: z.number().int(),
    }),
  ),
  pendingActions: z.number().int(),
  overdueActions: z.number().int(),
});

export const HoursBody = z.object({
  departmentId: z.uuid(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Must be YYYY-MM.'),
  hours: z.number().min(0).max(100_000_000),
});
export const HoursQuery = z.object({
  departmentId: z.uuid().optional(),
  year: z.coerce.number().int().min(1970).max(2200).optional(),
});
export const HoursSchema = z.object({
  items: z.array(z.object({ departmentId: z.string(), month: z.string(), hours: z.number() })),
});

export const OshaQuery = z.object({
  year: z.coerce.number().int().min(1970).max(2200),
  format: z.enum(['json', 'csv', 'xlsx']).default('json'),
  departmentId: z.uuid().optional(),
});

export const NewProcedureBody = z.object({
  title: text(300),
  content: text(100_000),
  departmentId: z.uuid().optional(),
});
export const ProcedureSchema = z.object({
  procedureId: z.string(),
  version: z.number().int(),
  title: z.string(),
  content: z.string(),
  departmentId: z.string().nullable(),
  publishedAt: z.string(),
});
export const NewDrillBody = z.object({
  procedureId: z.uuid(),
  startedAt: isoDateTime,
  allClearAt: isoDateTime,
  participants: z.number().int().min(0).max(100_000),
  expectedOnSite: z.number().int().min(0).max(100_000).optional(),
  accountedFor: z.number().int().min(0).max(100_000).optional(),
  notes: text(5000).optional(),
});
export const DrillListQuery = PageQuery.extend({ procedureId: z.uuid().optional() });
export const DrillSchema = z.object({
  drillId: z.string(),
  procedureId: z.string(),
  procedureVersion: z.number().int(),
  startedAt: z.string(),
  allClearAt: z.string(),
  elapsedSeconds: z.number().int(),
  participants: z.number().int(),
  expectedOnSite: z.number().int(),
  accountedFor: z.number().int(),
  rollCallSource: z.string(),
  notes: z.string().nullable(),
});

export const StatsQuery = z.object({
  granularity: z.enum(['day', 'month']).default('month'),
  from: isoDate,
  to: isoDate,
  departmentId: z.uuid().optional(),
});
const nullableNumber = z.number().nullable();
export const StatsSchema = z.object({
  granularity: z.enum(['day', 'month']),
  trainingCompliance: nullableNumber,
  items: z.array(
    z.object({
      period: z.string(),
      departmentId: z.string().nullable(),
      recordableCases: z.number().int(),
      dartCases: z.number().int(),
      lostTimeCases: z.number().int(),
      nearMisses: z.number().int(),
      daysAway: z.number().int(),
      daysRestricted: z.number().int(),
      actionsOpened: z.number().int(),
      actionsClosed: z.number().int(),
      actionsOverdue: z.number().int(),
      inspectionsCompleted: z.number().int(),
      averageInspectionScore: nullableNumber,
      hoursWorked: nullableNumber,
      trir: nullableNumber,
      dartRate: nullableNumber,
      lostTimeCaseRate: nullableNumber,
      ltifr: nullableNumber,
      severityRate: nullableNumber,
      nearMissRatio: nullableNumber,
    }),
  ),
});
