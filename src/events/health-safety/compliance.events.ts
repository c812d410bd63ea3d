/** Compliance obligations (register with owner, due date, recurrence) and hours worked (rates' denominator). */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';

export const obligationStream = streamCategory('obligation');
/** One stream per department and month ("<departmentId>_<YYYY-MM>"): a new figure replaces the old. */
export const hoursWorkedStream = streamCategory('hoursWorked');
export const RECURRENCES = ['none', 'monthly', 'quarterly', 'yearly'] as const;

export const ObligationRegistered = defineEvent({
  type: 'ObligationRegistered',
  schemaVersion: 1,
  schema: z.object({
    obligationId: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    departmentId: z.uuid().nullable(),
    ownerId: z.uuid(),
    dueDate: z.iso.date(),
    recurrence: z.enum(RECURRENCES),
  }),
});

/** Completing a recurring obligation moves it to its next due date. */
export const ObligationCompleted = defineEvent({
  type: 'ObligationCompleted',
  schemaVersion: 1,
  schema: z.object({
    obligationId: z.uuid(),
    dueDate: z.iso.date(),
    completedAt: z.iso.datetime(),
    onTime: z.boolean(),
    evidence: z.string(),
    nextDueDate: z.iso.date().nullable(),
  }),
});

export const ObligationOverdue = defineEvent({
  type: 'ObligationOverdue',
  schemaVersion: 1,
  schema: z.object({ obligationId: z.uuid(), dueDate: z.iso.date(), detectedAt: z.iso.datetime() }),
});

export const HoursWorkedRecorded = defineEvent({
  type: 'HoursWorkedRecorded',
  schemaVersion: 1,
  schema: z.object({
    departmentId: z.uuid(),
    month: z.string().regex(/^\d{4}-\d{2}$/),
    hours: z.number().min(0),
  }),
});

export const complianceEvents = [
  ObligationRegistered,
  ObligationCompleted,
  ObligationOverdue,
  HoursWorkedRecorded,
] as const;
export type ObligationEvent =
  | EventOf<typeof ObligationRegistered>
  | EventOf<typeof ObligationCompleted>
  | EventOf<typeof ObligationOverdue>;
export type HoursWorkedEvent = EventOf<typeof HoursWorkedRecorded>;
