/**
 * Use cases for compliance obligations, hours worked and emergency procedures and drills.
 * A drill is recorded against the procedure version current at the time, read from the log.
 */
import { newId } from '../new-id.js';
import type { CommandContext } from '../../events/envelope.js';
import { hoursWorkedStream, obligationStream } from '../../events/health-safety/compliance.events.js';
import { drillStream, procedureStream } from '../../events/health-safety/emergency.events.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { DomainError } from '../domain-error.js';
import { handleCommand, type CommandResult } from '../handle-command.js';
import { drillDecider, procedureDecider, type RecordDrill } from './emergency.decider.js';
import { hoursWorkedDecider, obligationDecider, type ObligationCommand } from './obligation.decider.js';

type Ctx = CommandContext;
type Result<K extends string> = CommandResult & Record<K, string>;

export async function registerObligation(
  log: EventStore,
  input: {
    title: string;
    description?: string | undefined;
    departmentId?: string | undefined;
    ownerId: string;
    dueDate: string;
    recurrence?: 'none' | 'monthly' | 'quarterly' | 'yearly' | undefined;
  },
  ctx: Ctx,
): Promise<Result<'obligationId'>> {
  const obligationId = newId();
  const obligation = {
    obligationId,
    title: input.title,
    description: input.description ?? null,
    departmentId: input.departmentId ?? null,
    ownerId: input.ownerId,
    dueDate: input.dueDate,
    recurrence: input.recurrence ?? 'none',
  };
  const result = await handleCommand(
    log,
    obligationStream.name(obligationId),
    obligationDecider,
    { type: 'RegisterObligation', obligation },
    ctx,
  );
  return { ...result, obligationId };
}

export function runObligationCommand(
  log: EventStore,
  obligationId: string,
  command: ObligationCommand,
  ctx: Ctx,
) {
  return handleCommand(log, obligationStream.name(obligationId), obligationDecider, command, ctx);
}

export function recordHoursWorked(
  log: EventStore,
  input: { departmentId: string; month: string; hours: number },
  ctx: Ctx,
) {
  const id = `${input.departmentId}_${input.month}`;
  return handleCommand(
    log,
    hoursWorkedStream.name(id),
    hoursWorkedDecider,
    { type: 'RecordHoursWorked', ...input },
    ctx,
  );
}

export async function publishProcedure(
  log: EventStore,
  procedureId: string,
  input: { title: string; content: string; departmentId?: string | undefined },
  ctx: Ctx,
): Promise<CommandResult & { version: number }> {
  const command = {
    type: 'PublishProcedureVersion' as const,
    procedureId,
    title: input.title,
    content: input.content,
    departmentId: input.departmentId ?? null,
    now: ctx.now,
  };
  const result = await handleCommand(log, procedureStream.name(procedureId), procedureDecider, command, ctx);
  return { ...result, version: Number(result.revision) + 1 };
}

export async function recordDrill(
  log: EventStore,
  input: Omit<RecordDrill['drill'], 'drillId' | 'procedureVersion'>,
  ctx: Ctx,
): Promise<Result<'drillId'>> {
  const latest = (
    await log.readStream(procedureStream.name(input.procedureId), { direction: 'backwards', maxCount: 1 })
  )[0];
  if (latest === undefined)
    throw new DomainError('UNKNOWN_PROCEDURE', 'there is no emergency procedure with this id');
  const drillId = newId();
  const drill = { ...input, drillId, procedureVersion: (latest.data as { version: number }).version };
  const result = await handleCommand(
    log,
    drillStream.name(drillId),
    drillDecider,
    { type: 'RecordDrill', drill },
    ctx,
  );
  return { ...result, drillId };
}
