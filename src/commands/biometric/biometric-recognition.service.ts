/**
 * 1:1 verification (one or several modalities, decided by policy) and 1:N identification.
 * Each modality's attempt is recorded with its score, threshold, decision, model version
 * and latency; images are never kept. Multi-modal fusion normalises each score to [0, 1]
 * with the modality's threshold at 0.5 and takes the mean (the sum rule); `all` and `any`
 * combine the per-modality decisions instead.
 */
import type { Modality } from '../../events/biometric/biometric.events.js';
import type { CommandContext } from '../../events/envelope.js';
import {
  concludeIdentification,
  elapsedMs,
  recordDecision as record,
  roundScore as round,
} from './biometric-attempts.js';
import { identifyFingerprint, verifyFingerprint } from './biometric-fingerprint.service.js';
import { faceMatcherOf } from './biometric-enrolment.service.js';
import { BiometricSampleError, type BiometricDeps } from './biometric-ports.js';

export type Sample =
  | { readonly modality: 'face'; readonly image: Uint8Array }
  | { readonly modality: 'card'; readonly cardNumber: string }
  | {
      readonly modality: 'fingerprint';
      readonly sample: { readonly image: Uint8Array } | { readonly record: Uint8Array };
    };

export type Policy = 'fusion' | 'all' | 'any';

export type ModalityDecision = {
  readonly modality: Modality;
  readonly score: number | null;
  readonly threshold: number;
  readonly match: boolean;
};

export type Verification = {
  readonly match: boolean;
  readonly score: number | null;
  readonly threshold: number;
  readonly policy: Policy;
  readonly decisions: ModalityDecision[];
  readonly modelVersion: string | null;
};

/** A card either is the subject's active card (1) or is not (0). */
const CARD_THRESHOLD = 1;
const FUSED_THRESHOLD = 0.5;

export async function verify(
  deps: BiometricDeps,
  input: {
    readonly subjectId: string;
    readonly samples: readonly Sample[];
    readonly policy?: Policy | undefined;
  },
  context: CommandContext,
): Promise<Verification> {
  const decisions: ModalityDecision[] = [];
  let modelVersion: string | null = null;
  for (const sample of input.samples) {
    if (sample.modality === 'face') {
      decisions.push(await verifyFace(deps, input.subjectId, sample.image, context));
      modelVersion = faceMatcherOf(deps).modelVersion;
    } else if (sample.modality === 'card')
      decisions.push(await verifyCard(deps, input.subjectId, sample.cardNumber, context));
    else decisions.push(await verifyFingerprint(deps, input.subjectId, sample.sample, context));
  }
  const policy = input.policy ?? 'fusion';
  if (decisions.length === 1) {
    const only = decisions[0]!;
    return {
      match: only.match,
      score: only.score,
      threshold: only.threshold,
      policy,
      decisions,
      modelVersion,
    };
  }
  const fused = decisions.reduce((s, d) => s + normalised(d), 0) / decisions.length;
  const match =
    policy === 'all'
      ? decisions.every((d) => d.match)
      : policy === 'any'
        ? decisions.some((d) => d.match)
        : fused >= FUSED_THRESHOLD;
  return { match, score: round(fused), threshold: FUSED_THRESHOLD, policy, decisions, modelVersion };
}

/**
 * Each score to [0, 1] with its threshold t at 0.5: a cosine (face) min-max over [2t − 1, 1];
 * a fingerprint's raw score over [0, 2t]; a card is 1 or 0.
 */
export function normalised(d: ModalityDecision): number {
  if (d.score === null) return 0;
  if (d.modality === 'card') return d.score;
  if (d.modality === 'fingerprint') return Math.min(1, Math.max(0, d.score / (2 * d.threshold)));
  const low = 2 * d.threshold - 1;
  return Math.min(1, Math.max(0, (d.score - low) / (1 - low)));
}

async function verifyFace(
  deps: BiometricDeps,
  subjectId: string,
  image: Uint8Array,
  context: CommandContext,
) {
  const matcher = faceMatcherOf(deps);
  const started = performance.now();
  const sample = await matcher.probeSample(image);
  const threshold = deps.faceThreshold;
  const base = {
    kind: 'verify' as const,
    modality: 'face' as const,
    subjectId,
    threshold,
    modelVersion: matcher.modelVersion,
  };
  if (!sample.ok) {
    await record(deps, context, { ...base, score: null, decision: 'failed', latencyMs: elapsedMs(started) });
    throw new BiometricSampleError(
      sample.reason,
      sample.reason === 'NO_FACE' ? 'The image shows no face.' : 'The image is not usable.',
    );
  }
  const scores = deps.index.subjectScores(subjectId, sample.embedding).map((h) => h.score);
  const score = scores.length === 0 ? null : round(Math.max(...scores));
  const match = score !== null && score >= threshold;
  await record(deps, context, {
    ...base,
    score,
    decision: match ? 'accept' : 'reject',
    latencyMs: elapsedMs(started),
  });
  return { modality: 'face' as const, score, threshold, match };
}

async function verifyCard(
  deps: BiometricDeps,
  subjectId: string,
  cardNumber: string,
  context: CommandContext,
) {
  const started = performance.now();
  const card = await deps.findCard(cardNumber);
  const score = card !== undefined && card.active && card.holderId === subjectId ? 1 : 0;
  const match = score >= CARD_THRESHOLD;
  await record(deps, context, {
    kind: 'verify',
    modality: 'card',
    subjectId,
    score,
    threshold: CARD_THRESHOLD,
    modelVersion: null,
    decision: match ? 'accept' : 'reject',
    latencyMs: elapsedMs(started),
  });
  return { modality: 'card' as const, score, threshold: CARD_THRESHOLD, match };
}

export type Identification = {
  readonly match: { readonly subjectId: string; readonly subjectType: string; readonly score: number } | null;
  readonly candidates: { readonly subjectId: string; readonly subjectType: string; readonly score: number }[];
  readonly threshold: number;
  readonly modelVersion: string;
};

export type IdentifyProbe =
  | { readonly modality: 'face'; readonly image: Uint8Array }
  | {
      readonly modality: 'fingerprint';
      readonly sample: { readonly image: Uint8Array } | { readonly record: Uint8Array };
    };

export async function identify(
  deps: BiometricDeps,
  input: IdentifyProbe & { readonly limit: number },
  context: CommandContext,
): Promise<Identification> {
  if (input.modality === 'fingerprint') return identifyFingerprint(deps, input.sample, input.limit, context);
  const matcher = faceMatcherOf(deps);
  const started = performance.now();
  const sample = await matcher.probeSample(input.image);
  const threshold = deps.faceThreshold;
  const base = {
    kind: 'identify' as const,
    modality: 'face' as const,
    threshold,
    modelVersion: matcher.modelVersion,
  };
  if (!sample.ok) {
    await record(deps, context, {
      ...base,
      subjectId: null,
      score: null,
      decision: 'failed',
      latencyMs: elapsedMs(started),
    });
    throw new BiometricSampleError(sample.reason, 'The image shows no usable face.');
  }
  return concludeIdentification(deps, context, {
    hits: await deps.index.search(sample.embedding, input.limit * 4),
    limit: input.limit,
    modality: 'face',
    threshold,
    modelVersion: matcher.modelVersion,
    started,
  });
}
