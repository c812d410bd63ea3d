/**
 * Enrolment and erasure use cases. A face enrolment runs every image through the quality
 * gates, averages the embeddings into one template and appends it sealed; a fingerprint
 * enrolment keeps the scan's minutiae (or the reader's record) as an ISO/IEC 19794-2 record,
 * sealed the same way. A refused sample is recorded (failure-to-enrol counts in the
 * statistics) and answered with its reason.
 * Erasure records BiometricSubjectErased (so other processes drop the subject from their
 * index), destroys the subject's biometric key (crypto-shredding: the sealed templates can
 * no longer be opened, in replays too) and empties this process's index before answering.
 */
import { newId } from '../new-id.js';
import { biometricKeyId, biometricSubjectStream } from '../../events/biometric/biometric.events.js';
import type { CommandContext } from '../../events/envelope.js';
import { handleCommand, type CommandResult, type HandleOptions } from '../handle-command.js';
import { elapsedMs, recordAttempt } from './biometric-attempts.js';
import { biometricSubjectDecider } from './biometric-subject.decider.js';
import {
  BiometricSampleError,
  encodeTemplate,
  type BiometricDeps,
  type FaceMatcher,
  type SampleRefusal,
} from './biometric-ports.js';

export type FaceEnrolment = {
  readonly subjectId: string;
  readonly subjectType: 'employee' | 'visitor';
  readonly images: readonly Uint8Array[];
};

export type EnrolmentResult = CommandResult & { readonly templateId: string; readonly quality: number };

export async function enrollFace(
  deps: BiometricDeps,
  input: FaceEnrolment,
  context: CommandContext,
  options: HandleOptions = {},
): Promise<EnrolmentResult> {
  const matcher = faceMatcherOf(deps);
  const started = performance.now();
  const embeddings: Float32Array[] = [];
  let quality = 1;
  for (const image of input.images) {
    const sample = await matcher.enrolmentSample(image);
    if (!sample.ok) {
      const failure = {
        modality: 'face' as const,
        reason: sample.reason,
        modelVersion: matcher.modelVersion,
      };
      await recordFailure(deps, input.subjectId, failure, elapsedMs(started), context);
      throw new BiometricSampleError(sample.reason, refusalText(sample.reason, input.images.length));
    }
    embeddings.push(sample.embedding);
    quality = Math.min(quality, sample.quality);
  }
  const embedding = meanOf(embeddings);
  const enrolled = await appendTemplate(
    deps,
    {
      ...input,
      modality: 'face',
      quality,
      modelVersion: matcher.modelVersion,
      imageCount: embeddings.length,
    },
    encodeTemplate(embedding),
    context,
    options,
  );
  deps.index.upsert(enrolled.ref, embedding);
  return { ...enrolled.result, templateId: enrolled.ref.templateId, quality };
}

export type FingerprintEnrolment = {
  readonly subjectId: string;
  readonly subjectType: 'employee' | 'visitor';
  readonly sample: { readonly image: Uint8Array } | { readonly record: Uint8Array };
};

export async function enrollFingerprint(
  deps: BiometricDeps,
  input: FingerprintEnrolment,
  context: CommandContext,
  options: HandleOptions = {},
): Promise<EnrolmentResult> {
  const { modelVersion } = deps.fingerprint;
  const started = performance.now();
  const sample = await deps.fingerprint.sample(input.sample);
  if (!sample.ok) {
    const failure = { modality: 'fingerprint' as const, reason: sample.reason, modelVersion };
    await recordFailure(deps, input.subjectId, failure, elapsedMs(started), context);
    throw new BiometricSampleError(sample.reason, sample.detail);
  }
  const enrolled = await appendTemplate(
    deps,
    { ...input, modality: 'fingerprint', quality: sample.quality, modelVersion, imageCount: 1 },
    Buffer.from(sample.record).toString('base64'),
    context,
    options,
  );
  deps.fingerprints.upsert(enrolled.ref, sample.record);
  return { ...enrolled.result, templateId: enrolled.ref.templateId, quality: sample.quality };
}

type TemplateFacts = {
  readonly subjectId: string;
  readonly subjectType: 'employee' | 'visitor';
  readonly modality: 'face' | 'fingerprint';
  readonly quality: number;
  readonly modelVersion: string;
  readonly imageCount: number;
};

async function appendTemplate(
  deps: BiometricDeps,
  facts: TemplateFacts,
  template: string,
  context: CommandContext,
  options: HandleOptions,
) {
  const templateId = newId();
  const { subjectId, subjectType, modality, quality, modelVersion, imageCount } = facts;
  const result = await handleCommand(
    deps.log,
    biometricSubjectStream.name(subjectId),
    biometricSubjectDecider,
    {
      type: 'EnrollTemplate',
      templateId,
      subjectId,
      subjectType,
      modality,
      quality,
      modelVersion,
      imageCount,
      template,
      now: context.now,
    },
    context,
    options,
  );
  return { result, ref: { templateId, subjectId, subjectType } };
}

export async function eraseBiometricSubject(
  deps: BiometricDeps & { readonly removeFromIndex: (subjectId: string) => void },
  subjectId: string,
  context: CommandContext,
): Promise<CommandResult> {
  const stream = biometricSubjectStream.name(subjectId);
  const result = await handleCommand(
    deps.log,
    stream,
    biometricSubjectDecider,
    {
      type: 'EraseBiometricSubject',
      subjectId,
      now: context.now,
    },
    context,
  );
  await deps.log.eraseSubject(biometricKeyId(subjectId));
  deps.removeFromIndex(subjectId);
  deps.fingerprints.removeSubject(subjectId);
  return result;
}

export function faceMatcherOf(deps: BiometricDeps): FaceMatcher {
  if (!deps.face.available) throw new BiometricSampleError('FACE_UNAVAILABLE', deps.face.reason);
  return deps.face.matcher;
}

/** Several images of one person: the mean embedding, renormalised to unit length. */
function meanOf(embeddings: readonly Float32Array[]): Float32Array {
  const mean = new Float32Array(embeddings[0]!.length);
  for (const e of embeddings) for (let i = 0; i < mean.length; i++) mean[i] = mean[i]! + e[i]!;
  const norm = Math.hypot(...mean);
  return mean.map((v) => v / norm);
}

async function recordFailure(
  deps: BiometricDeps,
  subjectId: string,
  failure: {
    readonly modality: 'face' | 'fingerprint';
    readonly reason: SampleRefusal;
    readonly modelVersion: string;
  },
  latencyMs: number,
  context: CommandContext,
): Promise<void> {
  await recordAttempt(deps, context, {
    type: 'BiometricEnrolmentFailed',
    data: {
      attemptId: newId(),
      subjectId,
      ...failure,
      latencyMs,
      failedAt: context.now.toISOString(),
    },
  });
}

function refusalText(reason: SampleRefusal, count: number): string {
  const which = count > 1 ? 'One of the images' : 'The image';
  switch (reason) {
    case 'NO_FACE':
      return `${which} shows no face.`;
    case 'MULTIPLE_FACES':
      return `${which} shows more than one face; enrol one person per image.`;
    case 'LOW_QUALITY':
      return `${which} has a face too small or unclear to enrol (at least 60 px across, detector confidence 0.75).`;
    case 'UNREADABLE_IMAGE':
      return `${which} is not a readable JPEG or PNG.`;
    case 'MALFORMED_TEMPLATE':
      return 'A face is enrolled from images, not templates.';
  }
}
