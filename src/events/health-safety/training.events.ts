/** Training: courses (validity, roles that require them) and completion records with expiry. */
import { z } from 'zod';
import { ROLES } from '../auth/roles.js';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';

/** A record is `expiring` within this many days of its expiry (DOMAIN.md). */
export const TRAINING_EXPIRING_DAYS = 30;

export const courseStream = streamCategory('trainingCourse');
export const trainingRecordStream = streamCategory('trainingRecord');

export const TrainingCourseCreated = defineEvent({
  type: 'TrainingCourseCreated',
  schemaVersion: 1,
  schema: z.object({
    courseId: z.uuid(),
    name: z.string(),
    validityMonths: z.number().int().positive(),
    requiredForRoles: z.array(z.enum(ROLES)),
  }),
});

export const TrainingCompleted = defineEvent({
  type: 'TrainingCompleted',
  schemaVersion: 1,
  schema: z.object({
    recordId: z.uuid(),
    employeeId: z.uuid(),
    courseId: z.uuid(),
    completedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    trainer: z.string().nullable(),
    score: z.number().nullable(),
  }),
});

/** Appended by the scheduler: within 30 days of expiry, then at expiry. */
export const TrainingExpiring = defineEvent({
  type: 'TrainingExpiring',
  schemaVersion: 1,
  schema: z.object({ recordId: z.uuid(), expiresAt: z.iso.datetime(), detectedAt: z.iso.datetime() }),
});
export const TrainingExpired = defineEvent({
  type: 'TrainingExpired',
  schemaVersion: 1,
  schema: z.object({ recordId: z.uuid(), expiresAt: z.iso.datetime(), detectedAt: z.iso.datetime() }),
});

export const trainingEvents = [
  TrainingCourseCreated,
  TrainingCompleted,
  TrainingExpiring,
  TrainingExpired,
] as const;

export type CourseEvent = EventOf<typeof TrainingCourseCreated>;
export type TrainingRecordEvent =
  EventOf<typeof TrainingCompleted> | EventOf<typeof TrainingExpiring> | EventOf<typeof TrainingExpired>;
