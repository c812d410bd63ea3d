/**
 * Corrective and preventive actions. An action lives in the stream of what raised it (an
 * incident or an inspection), so opening it is atomic with its cause and an incident's
 * close gate can see every action of its own stream.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';

export const ACTION_KINDS = ['corrective', 'preventive'] as const;
export const ACTION_SOURCES = ['incident', 'inspection'] as const;

export const CorrectiveActionOpened = defineEvent({
  type: 'CorrectiveActionOpened',
  schemaVersion: 1,
  schema: z.object({
    actionId: z.uuid(),
    source: z.enum(ACTION_SOURCES),
    sourceId: z.uuid(),
    kind: z.enum(ACTION_KINDS),
    description: z.string(),
    ownerId: z.uuid().nullable(),
    ownerDepartmentId: z.uuid().nullable(),
    rootCauseId: z.uuid().nullable(),
    dueDate: z.iso.date(),
    openedAt: z.iso.datetime(),
  }),
});

export const CorrectiveActionCompleted = defineEvent({
  type: 'CorrectiveActionCompleted',
  schemaVersion: 1,
  schema: z.object({
    actionId: z.uuid(),
    sourceId: z.uuid(),
    notes: z.string(),
    completedAt: z.iso.datetime(),
  }),
});

/** Appended by the scheduler once an open action passes its due date. */
export const CorrectiveActionOverdue = defineEvent({
  type: 'CorrectiveActionOverdue',
  schemaVersion: 1,
  schema: z.object({
    actionId: z.uuid(),
    sourceId: z.uuid(),
    dueDate: z.iso.date(),
    detectedAt: z.iso.datetime(),
  }),
});

export const correctiveActionEvents = [
  CorrectiveActionOpened,
  CorrectiveActionCompleted,
  CorrectiveActionOverdue,
] as const;

export type CorrectiveActionEvent =
  | EventOf<typeof CorrectiveActionOpened>
  | EventOf<typeof CorrectiveActionCompleted>
  | EventOf<typeof CorrectiveActionOverdue>;
