/**
 * The health & safety scheduler: as time passes it appends CorrectiveActionOverdue,
 * InspectionOverdue, ObligationOverdue and TrainingExpiring/TrainingExpired events. Candidates
 * come from the read models; the deciders make repeats no-ops, so two processes running the
 * job (or a run overlapping a projection lag) do no harm. Tests call `flagOverdue` with a `now`.
 */
import type { FastifyBaseLogger } from 'fastify';
import { schedule, type ScheduledTask } from 'node-cron';
import { randomUUID } from 'node:crypto';
import { handleCommand } from '../../commands/handle-command.js';
import { runIncidentCommand } from '../../commands/health-safety/incident.service.js';
import { runObligationCommand } from '../../commands/health-safety/compliance-registers.service.js';
import { runInspectionCommand } from '../../commands/health-safety/safety-registers.service.js';
import { trainingRecordDecider } from '../../commands/health-safety/training.decider.js';
import type { CommandContext } from '../../events/envelope.js';
import { trainingRecordStream } from '../../events/health-safety/training.events.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { overdueCandidates } from '../../queries/health-safety/overdue-candidates.query.js';
import type { ReadDb } from '../../queries/read-db.js';

export type SafetyJobDeps = { readonly log: EventStore; readonly readDb: ReadDb };

const schedulerContext = (now: Date): CommandContext => ({
  actor: { system: 'scheduler' },
  now,
  correlationId: randomUUID(),
  causationId: null,
  requestId: null,
});

/** Appends the overdue/expiry events due at `now`; answers how many events it appended. */
export async function flagOverdue(deps: SafetyJobDeps, now: Date): Promise<number> {
  const due = await overdueCandidates(deps.readDb, now);
  const context = schedulerContext(now);
  let appended = 0;
  const count = (r: { events: readonly unknown[] }) => (appended += r.events.length);
  for (const a of due.actions) {
    const command = { type: 'MarkActionOverdue' as const, actionId: a.actionId, now };
    count(
      a.source === 'incident'
        ? await runIncidentCommand(deps.log, a.sourceId, command, context)
        : await runInspectionCommand(deps.log, a.sourceId, command, context),
    );
  }
  for (const id of due.inspectionIds)
    count(await runInspectionCommand(deps.log, id, { type: 'MarkInspectionOverdue', now }, context));
  for (const id of due.obligationIds)
    count(await runObligationCommand(deps.log, id, { type: 'MarkObligationOverdue', now }, context));
  for (const id of due.trainingRecordIds)
    count(
      await handleCommand(
        deps.log,
        trainingRecordStream.name(id),
        trainingRecordDecider,
        { type: 'FlagTrainingExpiry', now },
        context,
      ),
    );
  return appended;
}

export function startSafetyJobs(
  deps: SafetyJobDeps,
  cron: string,
  logger: FastifyBaseLogger,
): { stop: () => Promise<void> } {
  const task: ScheduledTask = schedule(
    cron,
    async () => {
      try {
        const count = await flagOverdue(deps, new Date());
        if (count > 0) logger.info({ job: 'health-safety-overdue', count }, 'health & safety job done');
      } catch (error) {
        logger.error({ job: 'health-safety-overdue', err: error }, 'health & safety job failed');
      }
    },
    { name: 'health-safety-overdue', noOverlap: true },
  );
  return { stop: async () => void (await task.destroy()) };
}
