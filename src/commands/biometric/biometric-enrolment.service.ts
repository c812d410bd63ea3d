/**
 * Enrolment and erasure use cases. A face enrolment runs every image through the quality
 * gates, averages the embeddings into one template and appends it sealed; a refused image
 * is recorded (failure-to-enrol counts in the statistics) and answered with its reason.
 * Erasure records BiometricSubjectErased (so other processes drop the subject from their
 * index), destroys the subject's biometric key (crypto-shredding: the sealed templates can
 * no longer be opened, in replays too) and empties this process's index before answering.
 */
import { randomUUID } from 'node:crypto';
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
      await recordFailure(deps, input.subjectId, sample.reason, matcher, elapsedMs(started), context);
      throw new BiometricSampleError(sample.reason, refusalText(sample.reason, input.images.length));
    }
    embeddings.push(sample.embedding);
    quality = Math.min(quality, sample.quality);
  }
  const embedding = meanOf(embeddings);
  const templateId = randomUUID();
  const result = await handleCommand(
    deps.log,
    biometricSubjectStream.name(input.subjectId),
    biometricSubjectDecider,
    {
      type: 'EnrollTemplate',
      templateId,
      subjectId: input.subjectId,
      subjectType: input.subjectType,
      modality: 'face',
      quality,
      modelVersion: matcher.modelVersion,
      imageCount: embeddings.length,
      template: encodeTemplate(embedding),
      now: context.now,
    },
    context,
    options,
  );
  deps.index.upsert({ templateId, subjectId: input.subjectId, subjectType: input.subjectType }, embedding);
  return { ...result, templateId, quality };
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
  reason: SampleRefusal,
  matcher: FaceMatcher,
  latencyMs: number,
  context: CommandContext,
): Promise<void> {
  await recordAttempt(deps, context, {
    type: 'BiometricEnrolmentFailed',
    data: {
      attemptId: randomUUID(),
      subjectId,
      modality: 'face',
      reason,
      modelVersion: matcher.modelVersion,
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
  }
}
