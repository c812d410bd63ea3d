/** Use cases of report generation and report schedules, each one command on one stream. */
import { newId } from '../new-id.js';
import type { CommandContext } from '../../events/envelope.js';
import {
  reportScheduleStream,
  reportStream,
  type ReportRequestData,
  type ScheduleData,
} from '../../events/reports/report.events.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { handleCommand, type CommandResult } from '../handle-command.js';
import { reportDecider, type ReportCommand } from './report.decider.js';
import { reportScheduleDecider, type ScheduleCommand } from './report-schedule.decider.js';

/** A new report; `reportId` may be given when another event (a schedule's run) names it first. */
export type ReportRequest = Omit<ReportRequestData, 'reportId' | 'requestedAt'> & {
  readonly reportId?: string;
};

export async function requestReport(
  log: EventStore,
  request: ReportRequest,
  context: CommandContext,
): Promise<CommandResult & { reportId: string }> {
  const { reportId = newId(), ...rest } = request;
  const command = { kind: 'request', reportId, requestedAt: context.now.toISOString(), ...rest } as const;
  return {
    reportId,
    ...(await handleCommand(log, reportStream.name(reportId), reportDecider, command, context)),
  };
}

export function reportCommand(
  log: EventStore,
  reportId: string,
  command: Exclude<ReportCommand, { kind: 'request' }>,
  context: CommandContext,
): Promise<CommandResult> {
  return handleCommand(log, reportStream.name(reportId), reportDecider, command, context);
}

export async function createSchedule(
  log: EventStore,
  schedule: Omit<ScheduleData, 'scheduleId' | 'createdAt'>,
  context: CommandContext,
): Promise<CommandResult & { scheduleId: string }> {
  const scheduleId = newId();
  const command = { kind: 'create', scheduleId, createdAt: context.now.toISOString(), ...schedule } as const;
  return {
    scheduleId,
    ...(await handleCommand(
      log,
      reportScheduleStream.name(scheduleId),
      reportScheduleDecider,
      command,
      context,
    )),
  };
}

export function scheduleCommand(
  log: EventStore,
  scheduleId: string,
  command: Exclude<ScheduleCommand, { kind: 'create' }>,
  context: CommandContext,
  expectedRevision?: bigint,
): Promise<CommandResult> {
  return handleCommand(log, reportScheduleStream.name(scheduleId), reportScheduleDecider, command, context, {
    ...(expectedRevision !== undefined && { expectedRevision }),
  });
}
