/**
 * What the biometric use cases need from infrastructure, as ports: the face engine (behind
 * quality gates), the in-memory template index, card lookups and the clock-free rest. The
 * composition root wires src/biometrics/ into these; tests can wire the same real parts.
 */
import type { EventLog } from '../../eventstore/event-log.js';

export type SampleRefusal =
  'NO_FACE' | 'MULTIPLE_FACES' | 'LOW_QUALITY' | 'UNREADABLE_IMAGE' | 'MALFORMED_TEMPLATE';

export type FaceSample =
  | { readonly ok: true; readonly embedding: Float32Array; readonly quality: number }
  | { readonly ok: false; readonly reason: SampleRefusal };

export type FaceMatcher = {
  readonly modelVersion: string;
  /** Strict gates for enrolment: exactly one face, big and clear enough. */
  readonly enrolmentSample: (image: Uint8Array) => Promise<FaceSample>;
  /** A probe at a door: the largest face in view is the one presenting itself. */
  readonly probeSample: (image: Uint8Array) => Promise<FaceSample>;
};

export type FaceAvailability =
  | { readonly available: true; readonly matcher: FaceMatcher }
  | { readonly available: false; readonly reason: string };

export type TemplateRef = {
  readonly templateId: string;
  readonly subjectId: string;
  readonly subjectType: string;
};

export type TemplateIndex = {
  readonly upsert: (entry: TemplateRef, embedding: Float32Array) => void;
  readonly removeSubject: (subjectId: string) => number;
  readonly search: (
    probe: Float32Array,
    limit: number,
  ) => Promise<(TemplateRef & { readonly score: number })[]>;
  readonly subjectScores: (
    subjectId: string,
    probe: Float32Array,
  ) => (TemplateRef & { readonly score: number })[];
};

/**
 * A fingerprint as the use cases see it: an ISO/IEC 19794-2 record (what is stored and
 * compared), read from a scan or given as a record, or refused with a reason for the person.
 */
export type FingerprintSample =
  | { readonly ok: true; readonly record: Uint8Array; readonly quality: number }
  | {
      readonly ok: false;
      readonly reason: 'LOW_QUALITY' | 'UNREADABLE_IMAGE' | 'MALFORMED_TEMPLATE';
      readonly detail: string;
    };

export type FingerprintMatcher = {
  readonly modelVersion: string;
  /** Raw matcher score at or above which two prints are the same finger. */
  readonly threshold: number;
  readonly sample: (
    input: { readonly image: Uint8Array } | { readonly record: Uint8Array },
  ) => Promise<FingerprintSample>;
};

/** Enrolled fingerprints in memory, compared with raw matcher scores. */
export type FingerprintIndex = {
  readonly upsert: (entry: TemplateRef, record: Uint8Array) => void;
  readonly removeSubject: (subjectId: string) => number;
  readonly subjectScores: (
    subjectId: string,
    probe: Uint8Array,
  ) => (TemplateRef & { readonly score: number })[];
  readonly search: (probe: Uint8Array, limit: number) => (TemplateRef & { readonly score: number })[];
};

export type CardHolder = {
  readonly cardNumber: string;
  readonly facilityCode: number | null;
  readonly holderType: 'employee' | 'visitor';
  readonly holderId: string;
  readonly active: boolean;
};

export type BiometricDeps = {
  readonly log: EventLog;
  readonly face: FaceAvailability;
  readonly index: TemplateIndex;
  readonly fingerprint: FingerprintMatcher;
  readonly fingerprints: FingerprintIndex;
  /** Cosine similarity at or above which two faces are the same person (FACE_MATCH_THRESHOLD). */
  readonly faceThreshold: number;
  readonly findCard: (cardNumber: string) => Promise<CardHolder | undefined>;
};

/** An image the face engine refused, with the reason the API answers 422 with. */
export class BiometricSampleError extends Error {
  constructor(
    readonly code: SampleRefusal | 'BAD_PARITY' | 'FACE_UNAVAILABLE',
    message: string,
  ) {
    super(message);
    this.name = 'BiometricSampleError';
  }
}

/** Templates travel in events as base64 of little-endian float32. */
export function encodeTemplate(embedding: Float32Array): string {
  const bytes = Buffer.alloc(embedding.length * 4);
  embedding.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return bytes.toString('base64');
}

export function decodeTemplate(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

/** Decodes a 26-bit H10301 Wiegand frame (src/biometrics/card/wiegand.ts implements it). */
export type WiegandDecoder = (
  frame: string,
) =>
  | { readonly ok: true; readonly card: { readonly facilityCode: number; readonly cardNumber: number } }
  | { readonly ok: false; readonly reason: 'BAD_FORMAT' | 'BAD_PARITY' };
