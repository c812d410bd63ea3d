/**
 * Health & safety owns incidents, actions, inspections, training, hazards, obligations,
 * hours worked and emergency procedures. Incidents: numbered per year through a numbering
 * stream, then investigated, classified (OSHA 1904) and closed once every action is done.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';

export const incidentStream = streamCategory('incident');
/** One stream per year; its events hand out the year's gapless incident numbers. */
export const incidentNumberStream = streamCategory('incidentNumbers');

export const INCIDENT_TYPES = [
  'injury',
  'illness',
  'near_miss',
  'property_damage',
  'environmental',
  'security',
] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const OSHA_OUTCOMES = [
  'death',
  'days_away',
  'restricted',
  'other_recordable',
  'not_recordable',
] as const;
export const OSHA_CASE_TYPES = [
  'injury',
  'skin_disorder',
  'respiratory',
  'poisoning',
  'hearing_loss',
  'other_illness',
] as const;

export type OshaOutcome = (typeof OSHA_OUTCOMES)[number];

export const IncidentNumberAssigned = defineEvent({
  type: 'IncidentNumberAssigned',
  schemaVersion: 1,
  schema: z.object({ year: z.number().int(), sequence: z.number().int().positive(), incidentId: z.uuid() }),
});

export const IncidentReported = defineEvent({
  type: 'IncidentReported',
  schemaVersion: 1,
  schema: z.object({
    incidentId: z.uuid(),
    number: z.string(),
    title: z.string(),
    description: z.string(),
    occurredAt: z.iso.datetime(),
    location: z.string(),
    departmentId: z.uuid(),
    type: z.enum(INCIDENT_TYPES),
    severity: z.enum(SEVERITIES),
    immediateActions: z.string().nullable(),
    reportedBy: z.string(),
    reportedAt: z.iso.datetime(),
  }),
});

/** Who was hurt is personal data, sealed with that person's own key (so erasable). */
export const IncidentInjuredPersonRecorded = defineEvent({
  type: 'IncidentInjuredPersonRecorded',
  schemaVersion: 1,
  schema: z.object({ incidentId: z.uuid(), injuredPersonId: z.string() }),
  personal: { subject: (d) => d.injuredPersonId, paths: ['injuredPersonId'] },
});

export const IncidentTriaged = defineEvent({
  type: 'IncidentTriaged',
  schemaVersion: 1,
  schema: z.object({ incidentId: z.uuid(), severity: z.enum(SEVERITIES), notes: z.string().nullable() }),
});

export const IncidentInvestigationStarted = defineEvent({
  type: 'IncidentInvestigationStarted',
  schemaVersion: 1,
  schema: z.object({ incidentId: z.uuid(), investigatorId: z.uuid(), startedAt: z.iso.datetime() }),
});

export const IncidentRootCauseIdentified = defineEvent({
  type: 'IncidentRootCauseIdentified',
  schemaVersion: 1,
  schema: z.object({
    incidentId: z.uuid(),
    rootCauseId: z.uuid(),
    category: z.string(),
    description: z.string(),
  }),
});

export const IncidentClassified = defineEvent({
  type: 'IncidentClassified',
  schemaVersion: 1,
  schema: z.object({
    incidentId: z.uuid(),
    recordable: z.boolean(),
    outcome: z.enum(OSHA_OUTCOMES),
    daysAway: z.number().int().min(0).max(180),
    daysRestricted: z.number().int().min(0).max(180),
    caseType: z.enum(OSHA_CASE_TYPES),
    jobTitle: z.string().nullable(),
  }),
});

export const IncidentClosed = defineEvent({
  type: 'IncidentClosed',
  schemaVersion: 1,
  schema: z.object({ incidentId: z.uuid(), closedAt: z.iso.datetime() }),
});

export const IncidentReopened = defineEvent({
  type: 'IncidentReopened',
  schemaVersion: 1,
  schema: z.object({ incidentId: z.uuid(), reason: z.string(), reopenedAt: z.iso.datetime() }),
});

export const incidentEvents = [
  IncidentNumberAssigned,
  IncidentReported,
  IncidentInjuredPersonRecorded,
  IncidentTriaged,
  IncidentInvestigationStarted,
  IncidentRootCauseIdentified,
  IncidentClassified,
  IncidentClosed,
  IncidentReopened,
] as const;

export type IncidentNumberEvent = EventOf<typeof IncidentNumberAssigned>;
export type IncidentOwnEvent =
  | EventOf<typeof IncidentReported>
  | EventOf<typeof IncidentInjuredPersonRecorded>
  | EventOf<typeof IncidentTriaged>
  | EventOf<typeof IncidentInvestigationStarted>
  | EventOf<typeof IncidentRootCauseIdentified>
  | EventOf<typeof IncidentClassified>
  | EventOf<typeof IncidentClosed>
  | EventOf<typeof IncidentReopened>;
