/** Request and response schemas of the incident and action routes. */
import { z } from 'zod';
import { ACTION_KINDS } from '../../events/health-safety/corrective-action.events.js';
import {
  INCIDENT_TYPES,
  OSHA_CASE_TYPES,
  OSHA_OUTCOMES,
  SEVERITIES,
} from '../../events/health-safety/incident.events.js';
import { PageQuery } from '../auth/identity.schemas.js';

export const text = (max: number) => z.string().trim().min(1).max(max);
export const IdParams = z.object({ id: z.uuid() });
export const isoDateTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();

export const NewIncidentBody = z.object({
  title: text(300),
  description: text(10_000),
  occurredAt: isoDateTime,
  location: text(300),
  departmentId: z.uuid(),
  type: z.enum(INCIDENT_TYPES),
  severity: z.enum(SEVERITIES),
  injuredPersonId: z.uuid().optional(),
  immediateActions: text(5000).optional(),
});

export const IncidentStatus = z.enum(['reported', 'under_investigation', 'actions_pending', 'closed']);

export const IncidentListQuery = PageQuery.extend({
  status: IncidentStatus.optional(),
  severity: z.enum(SEVERITIES).optional(),
  type: z.enum(INCIDENT_TYPES).optional(),
  departmentId: z.uuid().optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});

export const IncidentListItem = z.object({
  incidentId: z.string(),
  number: z.string(),
  title: z.string(),
  type: z.string(),
  severity: z.string(),
  status: z.string(),
  occurredAt: z.string(),
  departmentId: z.string(),
  recordable: z.boolean(),
  openActions: z.number().int(),
});

export const ActionSchema = z.object({
  actionId: z.string(),
  source: z.string(),
  sourceId: z.string(),
  departmentId: z.string().nullable(),
  kind: z.string(),
  description: z.string(),
  ownerId: z.string().nullable(),
  rootCauseId: z.string().nullable(),
  dueDate: z.string(),
  status: z.string(),
  overdue: z.boolean(),
  notes: z.string().nullable(),
  openedAt: z.string(),
  completedAt: z.string().nullable(),
});

export const IncidentDetail = IncidentListItem.extend({
  description: z.string(),
  location: z.string(),
  injuredPersonId: z.string().nullable(),
  investigatorId: z.string().nullable(),
  immediateActions: z.string().nullable(),
  reportedBy: z.string(),
  reportedAt: z.string(),
  closedAt: z.string().nullable(),
  classification: z
    .object({
      recordable: z.boolean(),
      outcome: z.string(),
      daysAway: z.number().int(),
      daysRestricted: z.number().int(),
      caseType: z.string().nullable(),
      jobTitle: z.string().nullable(),
    })
    .nullable(),
  actions: z.array(ActionSchema),
  rootCauses: z.array(z.object({ rootCauseId: z.string(), category: z.string(), description: z.string() })),
  timeline: z.array(
    z.object({ at: z.string(), type: z.string(), actorId: z.string().nullable(), position: z.string() }),
  ),
  warnings: z.array(z.string()),
});

export const TriageBody = z.object({ severity: z.enum(SEVERITIES), notes: text(5000).optional() });
export const InvestigationBody = z.object({ investigatorId: z.uuid() });
export const RootCauseBody = z.object({ category: text(100), description: text(5000) });
export const NewActionBody = z.object({
  kind: z.enum(ACTION_KINDS),
  description: text(5000),
  ownerId: z.uuid(),
  dueDate: isoDate,
  rootCauseId: z.uuid().optional(),
});
export const CompleteActionBody = z.object({ notes: text(5000) });
export const ClassificationBody = z
  .object({
    recordable: z.boolean(),
    outcome: z.enum(OSHA_OUTCOMES),
    daysAway: z.number().int().min(0).max(100_000).default(0),
    daysRestricted: z.number().int().min(0).max(100_000).default(0),
    caseType: z.enum(OSHA_CASE_TYPES).default('injury'),
    jobTitle: text(200).optional(),
  })
  .describe('Days count calendar days from the day after the injury; each is capped at 180.');
export const ReopenBody = z.object({ reason: text(2000) });

export const ActionListQuery = PageQuery.extend({
  status: z.enum(['open', 'completed']).optional(),
  departmentId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
