/** Inspections: scheduled with a checklist (item ids assigned), completed with responses and a score. */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';

export const inspectionStream = streamCategory('inspection');
export const CHECK_RESULTS = ['pass', 'fail', 'na'] as const;

const ChecklistItem = z.object({ itemId: z.string(), question: z.string(), weight: z.number().positive() });
const Response = z.object({ itemId: z.string(), result: z.enum(CHECK_RESULTS), note: z.string().nullable() });

export const InspectionScheduled = defineEvent({
  type: 'InspectionScheduled',
  schemaVersion: 1,
  schema: z.object({
    inspectionId: z.uuid(),
    title: z.string(),
    location: z.string(),
    departmentId: z.uuid(),
    scheduledFor: z.iso.datetime(),
    inspectorId: z.uuid(),
    checklist: z.array(ChecklistItem),
  }),
});

export const InspectionCompleted = defineEvent({
  type: 'InspectionCompleted',
  schemaVersion: 1,
  schema: z.object({
    inspectionId: z.uuid(),
    departmentId: z.uuid(),
    responses: z.array(Response),
    score: z.number().nullable(),
    failedItems: z.array(z.string()),
    completedAt: z.iso.datetime(),
  }),
});

/** Appended by the scheduler when a scheduled inspection's date passes without completion. */
export const InspectionOverdue = defineEvent({
  type: 'InspectionOverdue',
  schemaVersion: 1,
  schema: z.object({ inspectionId: z.uuid(), scheduledFor: z.iso.datetime(), detectedAt: z.iso.datetime() }),
});

export const inspectionEvents = [InspectionScheduled, InspectionCompleted, InspectionOverdue] as const;

export type InspectionOwnEvent =
  | EventOf<typeof InspectionScheduled>
  | EventOf<typeof InspectionCompleted>
  | EventOf<typeof InspectionOverdue>;
