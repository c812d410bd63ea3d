/** Request and response schemas of the biometric routes (the OpenAPI document comes from these). */
import { z } from 'zod';
import { MODALITIES, SUBJECT_TYPES } from '../../events/biometric/biometric.events.js';

/** Base64 JPEG or PNG, optionally as a data: URL; about 10 MB of image at most. */
const Base64Image = z
  .string()
  .min(16)
  .max(14_000_000)
  .describe('Base64 JPEG or PNG (a fingerprint scan may also be TIFF; a data: URL prefix is accepted)');
const CardNumber = z.string().regex(/^\d{1,10}$/, 'Must be 1 to 10 digits.');
const Wiegand = z.string().regex(/^[01]{26}$/, 'Must be 26 characters, each 0 or 1 (H10301).');
const Modality = z.enum(MODALITIES);

export const EnrollBody = z
  .object({
    subjectId: z.uuid(),
    subjectType: z.enum(SUBJECT_TYPES),
    modality: Modality,
    image: Base64Image.optional(),
    images: z.array(Base64Image).min(1).max(10).optional(),
    template: z
      .string()
      .min(1)
      .max(100_000)
      .optional()
      .describe('Base64 ISO/IEC 19794-2 record (fingerprint; or give image, a scan)'),
    cardNumber: CardNumber.optional(),
    facilityCode: z.number().int().min(0).max(255).optional(),
    wiegand: Wiegand.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.modality === 'face' && body.image === undefined && body.images === undefined)
      ctx.addIssue({ code: 'custom', path: ['image'], message: 'A face enrolment needs image or images.' });
    if (body.modality === 'fingerprint' && (body.image === undefined) === (body.template === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['image'],
        message: 'A fingerprint enrolment needs image (a scan) or template (an ISO/IEC 19794-2 record), one.',
      });
    if (body.modality === 'card' && (body.cardNumber === undefined) === (body.wiegand === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['cardNumber'],
        message: 'A card enrolment needs cardNumber or wiegand (one).',
      });
  });

export const EnrollResponse = z.object({
  id: z.string(),
  revision: z.string(),
  position: z.string(),
  templateId: z.string().describe('The face template id, or the card number for a card'),
  subjectId: z.uuid(),
  modality: Modality,
  quality: z
    .number()
    .describe(
      'Face: detector confidence of the weakest image; fingerprint: impression quality; card: 1 (all 0–1)',
    ),
});

const SampleSchema = z.object({
  modality: Modality,
  image: Base64Image.optional(),
  template: z.string().min(1).max(100_000).optional(),
  cardNumber: CardNumber.optional(),
  wiegand: Wiegand.optional(),
});

export const VerifyBody = z.object({
  subjectId: z.uuid(),
  samples: z.array(SampleSchema).min(1).max(3),
  policy: z.enum(['fusion', 'all', 'any']).optional(),
});

const Decision = z.object({
  modality: Modality,
  score: z.number().nullable().describe('null when the subject has nothing enrolled for this modality'),
  threshold: z.number(),
  match: z.boolean(),
});

export const VerifyResponse = z.object({
  match: z.boolean(),
  score: z.number().nullable(),
  threshold: z.number(),
  policy: z.enum(['fusion', 'all', 'any']),
  decisions: z.array(Decision),
  modelVersion: z.string().nullable(),
});

export const IdentifyBody = z.object({
  modality: Modality,
  image: Base64Image.optional(),
  template: z.string().min(1).max(100_000).optional(),
  limit: z.number().int().min(1).max(20).default(5),
});

const Candidate = z.object({ subjectId: z.uuid(), subjectType: z.string(), score: z.number() });

export const IdentifyResponse = z.object({
  match: Candidate.nullable(),
  candidates: z.array(Candidate),
  threshold: z.number(),
  modelVersion: z.string(),
});

export const CardLookupBody = z
  .object({ cardNumber: CardNumber.optional(), wiegand: Wiegand.optional() })
  .refine((b) => (b.cardNumber === undefined) !== (b.wiegand === undefined), {
    path: ['cardNumber'],
    message: 'Give cardNumber or wiegand (one).',
  });

export const CardLookupResponse = z.object({
  holderType: z.enum(SUBJECT_TYPES),
  holderId: z.uuid(),
  cardNumber: z.string(),
  facilityCode: z.number().int().nullable(),
  active: z.boolean(),
});

export const CardParams = z.object({ cardNumber: CardNumber });
export const SubjectParams = z.object({ subjectId: z.uuid() });

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Must be YYYY-MM-DD.');
export const StatisticsQuery = z.object({ from: Day.optional(), to: Day.optional() });

const Latency = z.object({
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});
const Rates = z.object({
  attempts: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  failed: z.number().int(),
  acceptRate: z.number(),
  rejectRate: z.number(),
  failureRate: z.number(),
  latencyMs: Latency,
});

export const StatisticsResponse = z.object({
  enrollments: z.object({
    byModality: z.record(z.string(), z.number().int()),
    failures: z.number().int(),
    failureToEnrollRate: z.number(),
  }),
  attempts: Rates,
  byModality: z.array(Rates.extend({ modality: z.string() })),
  byDay: z.array(Rates.extend({ day: z.string(), modality: z.string() })),
});
