/**
 * Erasure of a person's personal data (crypto-shredding): the key goes first, so nothing
 * read after the SubjectErased event can still open their fields; then the erasure is
 * recorded. Projectors holding personal fields scrub their rows when they see the event.
 */
import { subjectErasureStream } from '../../events/audit/subject-erasure.events.js';
import type { CommandContext } from '../../events/envelope.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { NotFoundError } from '../domain-error.js';
import { handleCommand, type CommandResult, type HandleOptions } from '../handle-command.js';
import { subjectErasureDecider } from './subject-erasure.decider.js';

export type ErasureDeps = {
  readonly log: EventStore;
  /** Destroys the subject's key; false when no key was ever made for them. */
  readonly eraseKey: (subjectId: string) => Promise<boolean>;
};

export async function eraseSubject(
  deps: ErasureDeps,
  input: { readonly subjectId: string; readonly reason: string },
  context: CommandContext,
  options: HandleOptions = {},
): Promise<CommandResult> {
  if (!(await deps.eraseKey(input.subjectId)))
    throw new NotFoundError('no personal data was ever recorded for this subject');
  const erasedBy = 'userId' in context.actor ? context.actor.userId : null;
  return handleCommand(
    deps.log,
    subjectErasureStream.name(input.subjectId),
    subjectErasureDecider,
    { type: 'EraseSubject', ...input, erasedBy, now: context.now },
    context,
    options,
  );
}
