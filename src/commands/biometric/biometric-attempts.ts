/** Appends one attempt (or failed enrolment) event in its own stream. */
import { newId } from '../new-id.js';
import type { Modality } from '../../events/biometric/biometric.events.js';
import {
  biometricAttemptStream,
  type BiometricAttemptEvent,
} from '../../events/biometric/biometric.events.js';
import type { CommandContext } from '../../events/envelope.js';
import { handleCommand, type CommandResult } from '../handle-command.js';
import { biometricAttemptDecider } from './biometric-attempt.decider.js';
import type { BiometricDeps } from './biometric-ports.js';

export async function recordAttempt(
  deps: Pick<BiometricDeps, 'log'>,
  context: CommandContext,
  event: BiometricAttemptEvent,
): Promise<CommandResult> {
  return handleCommand(
    deps.log,
    biometricAttemptStream.name(event.data.attemptId),
    biometricAttemptDecider,
    { type: 'RecordAttempt', event },
    context,
  );
}

/** Latency as recorded: milliseconds with one decimal. */
export function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

export type DecisionFields = {
  readonly kind: 'verify' | 'identify';
  readonly modality: Modality;
  readonly subjectId: string | null;
  readonly score: number | null;
  readonly threshold: number | null;
  readonly decision: 'accept' | 'reject' | 'failed';
  readonly modelVersion: string | null;
  readonly latencyMs: number;
};

/** Records one verify or identify decision with its score, threshold and model version. */
export async function recordDecision(
  deps: Pick<BiometricDeps, 'log'>,
  context: CommandContext,
  fields: DecisionFields,
): Promise<void> {
  await recordAttempt(deps, context, {
    type: 'BiometricAttemptRecorded',
    data: { attemptId: newId(), ...fields, attemptedAt: context.now.toISOString() },
  });
}

/** Scores as answered and recorded: four decimals. */
export function roundScore(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

type Hit = { readonly subjectId: string; readonly subjectType: string; readonly score: number };

/**
 * The answer to a 1:N search from its hits (best first, several per person possible): one
 * candidate per person, the best a match when it reaches the threshold; the decision is
 * recorded.
 */
export async function concludeIdentification(
  deps: Pick<BiometricDeps, 'log'>,
  context: CommandContext,
  search: {
    readonly hits: readonly Hit[];
    readonly limit: number;
    readonly modality: Modality;
    readonly threshold: number;
    readonly modelVersion: string;
    readonly started: number;
  },
) {
  const { hits, limit, modality, threshold, modelVersion, started } = search;
  const seen = new Set<string>();
  const candidates = hits
    .filter((hit) => !seen.has(hit.subjectId) && seen.add(hit.subjectId))
    .slice(0, limit)
    .map((hit) => ({ subjectId: hit.subjectId, subjectType: hit.subjectType, score: roundScore(hit.score) }));
  const best = candidates[0];
  const match = best !== undefined && best.score >= threshold ? best : null;
  await recordDecision(deps, context, {
    kind: 'identify',
    modality,
    threshold,
    modelVersion,
    subjectId: match?.subjectId ?? null,
    score: best?.score ?? null,
    decision: match === null ? 'reject' : 'accept',
    latencyMs: elapsedMs(started),
  });
  return { match, candidates, threshold, modelVersion };
}
