/**
 * Incident use cases over the event log. Reporting first takes the year's next number from
 * the numbering stream (optimistic concurrency: on a conflict, re-read and try again), then
 * writes the incident. Every other command is a plain read → decide → append on the incident.
 */
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../events/envelope.js';
import { incidentNumberStream, incidentStream } from '../../events/health-safety/incident.events.js';
import { WrongExpectedVersionError, type EventStore } from '../../eventstore/event-store.port.js';
import { fold } from '../decider.js';
import { ConcurrencyError } from '../domain-error.js';
import { handleCommand, toAppend, type CommandResult, type HandleOptions } from '../handle-command.js';
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

// Reports of one process queue per year before touching the stream, so they do not spend
// their time losing optimistic races to each other; other processes still settle by retry.
const numberQueues = new Map<number, Promise<unknown>>();

/** Takes the next gapless number of `year` for `incidentId`. */
export function assignIncidentNumber(
  log: EventStore,
  year: number,
  incidentId: string,
  context: CommandContext,
): Promise<string> {
  const previous = numberQueues.get(year) ?? Promise.resolve();
  const next = previous.then(
    () => appendNextNumber(log, year, incidentId, context),
    () => appendNextNumber(log, year, incidentId, context),
  );
  const settled = next.catch(() => undefined);
  numberQueues.set(year, settled);
  void settled.then(() => {
    if (numberQueues.get(year) === settled) numberQueues.delete(year);
  });
  return next;
}

async function appendNextNumber(
  log: EventStore,
  year: number,
  incidentId: string,
  context: CommandContext,
): Promise<string> {
  const stream = incidentNumberStream.name(String(year));
  for (let attempt = 1; attempt <= NUMBER_ATTEMPTS; attempt++) {
    const last = await log.readStream(stream, { direction: 'backwards', maxCount: 1 });
    const state = fold(incidentNumberDecider, last as never);
    const events = incidentNumberDecider.decide({ type: 'AssignIncidentNumber', year, incidentId }, state);
    try {
      await log.append(
        stream,
        events.map((e) => toAppend(e, context)),
        { expectedRevision: last[0]?.revision ?? 'no_stream' },
      );
      return formatIncidentNumber(year, events[0]!.data.sequence);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 20)));
    }
  }
  throw new ConcurrencyError('incident numbering is too busy; try again');
}

export async function reportIncident(
  log: EventStore,
  input: NewIncident,
  context: CommandContext,
): Promise<CommandResult & { incidentId: string; number: string }> {
  const incidentId = randomUUID();
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
