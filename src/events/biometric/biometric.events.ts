/**
 * Biometric module events: templates enrolled and erased per subject, access cards issued
 * and revoked, and every recognition attempt with its score, threshold, decision, model
 * version and latency. No event ever carries an image; the template itself is personal data,
 * sealed with the subject's biometric key (see `biometricKeyId`) so erasure shreds it.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';

export const biometricSubjectStream = streamCategory('biometricSubject');
export const biometricCardStream = streamCategory('biometricCard');
export const biometricAttemptStream = streamCategory('biometricAttempt');

export const SUBJECT_TYPES = ['employee', 'visitor'] as const;
export const MODALITIES = ['face', 'fingerprint', 'card'] as const;
export type Modality = (typeof MODALITIES)[number];

/**
 * The key that seals a subject's templates. It is not the person's own key, so deleting
 * their biometrics does not also erase their name or login; a full erasure of the person
 * (SubjectErased) shreds this key too.
 */
export function biometricKeyId(subjectId: string): string {
  return `biometric:${subjectId}`;
}

const subjectType = z.enum(SUBJECT_TYPES);

export const BiometricTemplateEnrolled = defineEvent({
  type: 'BiometricTemplateEnrolled',
  schemaVersion: 1,
  schema: z.object({
    templateId: z.uuid(),
    subjectId: z.uuid(),
    subjectType,
    modality: z.enum(MODALITIES),
    /** Detector confidence of the weakest enrolment image, 0–1. */
    quality: z.number().min(0).max(1),
    modelVersion: z.string(),
    imageCount: z.number().int().positive(),
    /** Base64 of the little-endian float32 embedding (personal, sealed). */
    template: z.string(),
    enrolledAt: z.iso.datetime(),
  }),
  personal: { subject: (d) => biometricKeyId(d.subjectId), paths: ['template'] },
});

export const BiometricEnrolmentFailed = defineEvent({
  type: 'BiometricEnrolmentFailed',
  schemaVersion: 1,
  schema: z.object({
    attemptId: z.uuid(),
    subjectId: z.uuid(),
    modality: z.enum(MODALITIES),
    reason: z.enum(['NO_FACE', 'MULTIPLE_FACES', 'LOW_QUALITY', 'UNREADABLE_IMAGE', 'MALFORMED_TEMPLATE']),
    modelVersion: z.string(),
    latencyMs: z.number().min(0),
    failedAt: z.iso.datetime(),
  }),
});

export const BiometricSubjectErased = defineEvent({
  type: 'BiometricSubjectErased',
  schemaVersion: 1,
  schema: z.object({ subjectId: z.uuid(), templateIds: z.array(z.uuid()), erasedAt: z.iso.datetime() }),
});

export const BiometricCardIssued = defineEvent({
  type: 'BiometricCardIssued',
  schemaVersion: 1,
  schema: z.object({
    cardNumber: z.string(),
    facilityCode: z.number().int().min(0).max(255).nullable(),
    holderType: subjectType,
    holderId: z.uuid(),
    issuedAt: z.iso.datetime(),
  }),
});

export const BiometricCardRevoked = defineEvent({
  type: 'BiometricCardRevoked',
  schemaVersion: 1,
  schema: z.object({ cardNumber: z.string(), revokedAt: z.iso.datetime() }),
});

export const BiometricAttemptRecorded = defineEvent({
  type: 'BiometricAttemptRecorded',
  schemaVersion: 1,
  schema: z.object({
    attemptId: z.uuid(),
    kind: z.enum(['verify', 'identify']),
    modality: z.enum(MODALITIES),
    /** The claimed subject (verify) or the best match (identify), if any. */
    subjectId: z.uuid().nullable(),
    score: z.number().nullable(),
    threshold: z.number().nullable(),
    /** `failed`: no usable sample (no face), so no score. */
    decision: z.enum(['accept', 'reject', 'failed']),
    modelVersion: z.string().nullable(),
    latencyMs: z.number().min(0),
    attemptedAt: z.iso.datetime(),
  }),
});

export const biometricEvents = [
  BiometricTemplateEnrolled,
  BiometricEnrolmentFailed,
  BiometricSubjectErased,
  BiometricCardIssued,
  BiometricCardRevoked,
  BiometricAttemptRecorded,
] as const;

export type BiometricSubjectEvent =
  EventOf<typeof BiometricTemplateEnrolled> | EventOf<typeof BiometricSubjectErased>;
export type BiometricCardEvent = EventOf<typeof BiometricCardIssued> | EventOf<typeof BiometricCardRevoked>;
export type BiometricAttemptEvent =
  EventOf<typeof BiometricAttemptRecorded> | EventOf<typeof BiometricEnrolmentFailed>;
