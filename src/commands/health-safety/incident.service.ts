/**
 * Incident use cases over the event log. Reporting first takes the year's next number from
 * the numbering stream (optimistic concurrency: on a conflict, re-read and try again), then
 * writes the incident. Every other command is a plain read → decide → append on the incident.
 */
import { newId } from '../new-id.js';
import type { CommandContext } from '../../events/envelope.js';
import { incidentNumberStream, incidentStream } from '../../events/health-safety/incident.events.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { batchedCounter } from '../batched-counter.js';
import { handleCommand, type CommandResult, type HandleOptions } from '../handle-command.js';
import { incidentDecider, type IncidentCommand } from './incident.decider.js';
import { formatIncidentNumber, incidentNumberDecider } from './incident-number.decider.js';

export type NewIncident = {
  readonly title: string;
  readonly description: string;
  readonly occurredAt: string;
  readonly location: string;
  readonly departmentId: string;
  readonly type: 'injury' | 'illness' | 'near_miss' | 'property_damage' | 'environmental' | 'security';
  readonly severity: 'low' | 'medium' | 'high' | 'critical';
  readonly injuredPersonId?: string | undefined;
  readonly immediateActions?: string | undefined;
};

// Every report of a year contends for one stream; many short retries beat a few long waits.
const NUMBER_ATTEMPTS = 200;

// Reports of one process share one read and one append per batch of numbers
// (batched-counter.ts); other processes settle with them by optimistic retry.
const nextIncidentNumber = batchedCounter({
  decider: incidentNumberDecider,
  target: (year) => ({
    stream: incidentNumberStream.name(year),
    command: (incidentId: string) => ({
      type: 'AssignIncidentNumber' as const,
      year: Number(year),
      incidentId,
    }),
  }),
  attempts: NUMBER_ATTEMPTS,
  busyMessage: 'incident numbering is too busy; try again',
});

/** Takes the next gapless number of `year` for `incidentId`. */
export async function assignIncidentNumber(
  log: EventStore,
  year: number,
  incidentId: string,
  context: CommandContext,
): Promise<string> {
  const { event } = await nextIncidentNumber(log, String(year), { input: incidentId, context });
  return formatIncidentNumber(year, event.data.sequence);
}

export async function reportIncident(
  log: EventStore,
  input: NewIncident,
  context: CommandContext,
): Promise<CommandResult & { incidentId: string; number: string }> {
  const incidentId = newId();
  const year = new Date(input.occurredAt).getUTCFullYear();
  const number = await assignIncidentNumber(log, year, incidentId, context);
  const actor = context.actor;
  const result = await handleCommand(
    log,
    incidentStream.name(incidentId),
    incidentDecider,
    {
      type: 'ReportIncident',
      injuredPersonId: input.injuredPersonId ?? null,
      incident: {
        incidentId,
        number,
        title: input.title,
        description: input.description,
        occurredAt: new Date(input.occurredAt).toISOString(),
        location: input.location,
        departmentId: input.departmentId,
        type: input.type,
        severity: input.severity,
        immediateActions: input.immediateActions ?? null,
        reportedBy: 'userId' in actor ? actor.userId : actor.system,
        reportedAt: context.now.toISOString(),
      },
    },
    context,
    { newStream: true },
  );
  return { ...result, incidentId, number };
}

export function runIncidentCommand(
  log: EventStore,
  incidentId: string,
  command: Exclude<IncidentCommand, { type: 'ReportIncident' }>,
  context: CommandContext,
  options: HandleOptions = {},
): Promise<CommandResult> {
  return handleCommand(log, incidentStream.name(incidentId), incidentDecider, command, context, options);
}
