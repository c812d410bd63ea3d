/** Card issue and revocation, one stream per card number. */
import { biometricCardStream } from '../../events/biometric/biometric.events.js';
import type { CommandContext } from '../../events/envelope.js';
import { handleCommand, type CommandResult, type HandleOptions } from '../handle-command.js';
import { biometricCardDecider } from './biometric-card.decider.js';
import type { BiometricDeps } from './biometric-ports.js';

export type CardIssue = {
  readonly cardNumber: string;
  readonly facilityCode: number | null;
  readonly holderType: 'employee' | 'visitor';
  readonly holderId: string;
};

export function issueCard(
  deps: Pick<BiometricDeps, 'log'>,
  input: CardIssue,
  context: CommandContext,
  options: HandleOptions = {},
): Promise<CommandResult> {
  return handleCommand(
    deps.log,
    biometricCardStream.name(input.cardNumber),
    biometricCardDecider,
    { type: 'IssueCard', ...input, now: context.now },
    context,
    options,
  );
}

export function revokeCard(
  deps: Pick<BiometricDeps, 'log'>,
  cardNumber: string,
  context: CommandContext,
  options: HandleOptions = {},
): Promise<CommandResult> {
  return handleCommand(
    deps.log,
    biometricCardStream.name(cardNumber),
    biometricCardDecider,
    { type: 'RevokeCard', cardNumber, now: context.now },
    context,
    options,
  );
}
