/**
 * What the biometric use cases need from infrastructure, as ports: the face engine (behind
 * quality gates), the in-memory template index, card lookups and the clock-free rest. The
 * composition root wires src/biometrics/ into these; tests can wire the same real parts.
 */
import type { EventLog } from '../../eventstore/event-log.js';

export type SampleRefusal = 'NO_FACE' | 'MULTIPLE_FACES' | 'LOW_QUALITY' | 'UNREADABLE_IMAGE';

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
  /** Cosine similarity at or above which two faces are the same person (FACE_MATCH_THRESHOLD). */
  readonly faceThreshold: number;
  readonly findCard: (cardNumber: string) => Promise<CardHolder | undefined>;
};

/** An image the face engine refused, with the reason the API answers 422 with. */
export class BiometricSampleError extends Error {
  constructor(
    readonly code: SampleRefusal | 'MODALITY_NOT_ENABLED' | 'BAD_PARITY' | 'FACE_UNAVAILABLE',
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
