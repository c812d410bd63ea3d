/**
 * A recognition attempt or a failed enrolment: one event in its own stream, so attempts
 * never contend with each other or with the subject's templates.
 */
import type { BiometricAttemptEvent } from '../../events/biometric/biometric.events.js';

export type RecordAttempt = { readonly type: 'RecordAttempt'; readonly event: BiometricAttemptEvent };

export const biometricAttemptDecider = {
  initialState: { recorded: false },
  decide: (command: RecordAttempt, state: { readonly recorded: boolean }): BiometricAttemptEvent[] =>
    state.recorded ? [] : [command.event],
  evolve: (): { readonly recorded: boolean } => ({ recorded: true }),
};
