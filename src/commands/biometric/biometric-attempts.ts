/** Appends one attempt (or failed enrolment) event in its own stream. */
import { randomUUID } from 'node:crypto';
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
    data: { attemptId: randomUUID(), ...fields, attemptedAt: context.now.toISOString() },
  });
}

/** Scores as answered and recorded: four decimals. */
export function roundScore(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
