/** Hazard register: initial and residual risk assessments and controls by hierarchy level. */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';

export const hazardStream = streamCategory('hazard');
/** Most to least effective (the hierarchy of controls). */
export const CONTROL_TYPES = ['elimination', 'substitution', 'engineering', 'administrative', 'ppe'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high', 'extreme'] as const;

const Control = z.object({ type: z.enum(CONTROL_TYPES), description: z.string() });
const Assessment = z.object({
  likelihood: z.number().int().min(1).max(5),
  severity: z.number().int().min(1).max(5),
  riskScore: z.number().int(),
  riskLevel: z.enum(RISK_LEVELS),
});

export const HazardIdentified = defineEvent({
  type: 'HazardIdentified',
  schemaVersion: 1,
  schema: z.object({
    hazardId: z.uuid(),
    title: z.string(),
    description: z.string(),
    location: z.string(),
    departmentId: z.uuid(),
    initial: Assessment,
    controls: z.array(Control),
    reviewDate: z.iso.date().nullable(),
    identifiedAt: z.iso.datetime(),
  }),
});

export const HazardAssessed = defineEvent({
  type: 'HazardAssessed',
  schemaVersion: 1,
  schema: z.object({
    hazardId: z.uuid(),
    residual: Assessment,
    controls: z.array(Control),
    notes: z.string().nullable(),
    nextReviewDate: z.iso.date().nullable(),
    assessedAt: z.iso.datetime(),
  }),
});

export const hazardEvents = [HazardIdentified, HazardAssessed] as const;
export type HazardEvent = EventOf<typeof HazardIdentified> | EventOf<typeof HazardAssessed>;
