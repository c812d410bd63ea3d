/**
 * Audit and data governance: the erasure of a data subject is itself a fact in the log (who,
 * when, why), kept on a stream of its own per subject. It never carries the erased data;
 * projectors that store personal fields handle it by scrubbing that subject's rows.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';

export const subjectErasureStream = streamCategory('subjectErasure');

/** A subject id as the key store names it: a person's id (a uuid for users). */
export const SubjectId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/);

export const SubjectErased = defineEvent({
  type: 'SubjectErased',
  schemaVersion: 1,
  schema: z.object({
    subjectId: SubjectId,
    reason: z.string().min(1).max(500),
    /** The user who asked for the erasure (also in the metadata's actor). */
    erasedBy: z.string().nullable(),
    erasedAt: z.iso.datetime(),
  }),
});

export const auditEvents = [SubjectErased] as const;

export type SubjectErasureEvent = EventOf<typeof SubjectErased>;
