/**
 * Fingerprint verification (1:1 against the subject's enrolled fingers, best score) and
 * identification (1:N over every enrolled finger through the engine's pre-filter). Scores are
 * the matcher's raw scores against its threshold; each decision is recorded like the face's.
 */
import type { CommandContext } from '../../events/envelope.js';
import { concludeIdentification, elapsedMs, recordDecision, roundScore } from './biometric-attempts.js';
import { BiometricSampleError, type BiometricDeps } from './biometric-ports.js';
import type { Identification, ModalityDecision } from './biometric-recognition.service.js';

type FingerprintInput = { readonly image: Uint8Array } | { readonly record: Uint8Array };

async function probeOf(
  deps: BiometricDeps,
  input: FingerprintInput,
  fail: (latencyMs: number) => Promise<void>,
) {
  const started = performance.now();
  const sample = await deps.fingerprint.sample(input);
  if (!sample.ok) {
    await fail(elapsedMs(started));
    throw new BiometricSampleError(sample.reason, sample.detail);
  }
  return { record: sample.record, started };
}

export async function verifyFingerprint(
  deps: BiometricDeps,
  subjectId: string,
  input: FingerprintInput,
  context: CommandContext,
): Promise<ModalityDecision> {
  const { threshold, modelVersion } = deps.fingerprint;
  const base = {
    kind: 'verify' as const,
    modality: 'fingerprint' as const,
    subjectId,
    threshold,
    modelVersion,
  };
  const probe = await probeOf(deps, input, (latencyMs) =>
    recordDecision(deps, context, { ...base, score: null, decision: 'failed', latencyMs }),
  );
  const scores = deps.fingerprints.subjectScores(subjectId, probe.record).map((h) => h.score);
  const score = scores.length === 0 ? null : roundScore(Math.max(...scores));
  const match = score !== null && score >= threshold;
  await recordDecision(deps, context, {
    ...base,
    score,
    decision: match ? 'accept' : 'reject',
    latencyMs: elapsedMs(probe.started),
  });
  return { modality: 'fingerprint', score, threshold, match };
}

export async function identifyFingerprint(
  deps: BiometricDeps,
  input: FingerprintInput,
  limit: number,
  context: CommandContext,
): Promise<Identification> {
  const { threshold, modelVersion } = deps.fingerprint;
  const base = { kind: 'identify' as const, modality: 'fingerprint' as const, threshold, modelVersion };
  const probe = await probeOf(deps, input, (latencyMs) =>
    recordDecision(deps, context, { ...base, subjectId: null, score: null, decision: 'failed', latencyMs }),
  );
  return concludeIdentification(deps, context, {
    hits: deps.fingerprints.search(probe.record, limit * 4),
    limit,
    modality: 'fingerprint',
    threshold,
    modelVersion,
    started: probe.started,
  });
}
