/**
 * What happens to a visit after check-in: approval or rejection by the host, checkout, and
 * the scheduler's overstay flag and invitation expiry. Each is read → decide → append on the
 * visit's stream; the scheduler's commands are no-ops when another process got there first.
 */
import type { CommandContext } from '../../events/envelope.js';
import { visitStream, type VisitEvent } from '../../events/visitors/visit.events.js';
import { handleCommand, type CommandResult } from '../handle-command.js';
import { visitDecider, type VisitActor, type VisitCommand } from './visit.decider.js';
import type { VisitorDeps } from './visitor-deps.js';

export type { VisitActor };

export function decideOnVisit(
  deps: Pick<VisitorDeps, 'log'>,
  visitId: string,
  command: VisitCommand,
  context: CommandContext,
  expectedRevision?: bigint,
): Promise<CommandResult<VisitEvent>> {
  return handleCommand(
    deps.log,
    visitStream.name(visitId),
    visitDecider,
    command,
    context,
    expectedRevision === undefined ? {} : { expectedRevision },
  );
}

export const approveVisit = (
  deps: Pick<VisitorDeps, 'log'>,
  visitId: string,
  actor: VisitActor,
  context: CommandContext,
  expectedRevision?: bigint,
) =>
  decideOnVisit(deps, visitId, { type: 'ApproveVisit', actor, now: context.now }, context, expectedRevision);

export const rejectVisit = (
  deps: Pick<VisitorDeps, 'log'>,
  visitId: string,
  reason: string,
  actor: VisitActor,
  context: CommandContext,
  expectedRevision?: bigint,
) =>
  decideOnVisit(
    deps,
    visitId,
    { type: 'RejectVisit', actor, reason, now: context.now },
    context,
    expectedRevision,
  );

export async function checkOutVisitor(
  deps: Pick<VisitorDeps, 'log'>,
  visitId: string,
  actor: VisitActor,
  context: CommandContext,
): Promise<CommandResult & { durationMinutes: number }> {
  const result = await decideOnVisit(
    deps,
    visitId,
    { type: 'CheckOutVisitor', actor, now: context.now },
    context,
  );
  const event = result.events[0];
  return { ...result, durationMinutes: event?.type === 'VisitorCheckedOut' ? event.data.durationMinutes : 0 };
}
