/** Appends one attempt (or failed enrolment) event in its own stream. */
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
