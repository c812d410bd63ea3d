/**
 * The visitors module's scheduled jobs: overstay detection (every minute), expiry of unused
 * invitations (hourly) and retention (nightly: visitor personal data erased N days after the
 * visit closed, by crypto-shredding). Each job reads candidates from the read models and
 * appends commands; the deciders make repeats no-ops and expected revisions settle races, so
 * two processes running the same job do no harm. Tests call the job functions with a `now`.
 */
import type { FastifyBaseLogger } from 'fastify';
import { schedule, type ScheduledTask } from 'node-cron';
import { randomUUID } from 'node:crypto';
import { eraseSubject } from '../../commands/audit/erase-subject.service.js';
import { NotFoundError } from '../../commands/domain-error.js';
import { notifyVisit } from '../../commands/visitors/notify.service.js';
import { decideOnVisit } from '../../commands/visitors/visit-lifecycle.service.js';
import type { VisitorDeps } from '../../commands/visitors/visitor-deps.js';
import type { CommandContext } from '../../events/envelope.js';
import {
  overstayCandidates,
  retentionCandidates,
  unusedInvitations,
} from '../../queries/visitors/list-visits.query.js';
import type { ReadDb } from '../../queries/read-db.js';

export type VisitorJobDeps = VisitorDeps & {
  readonly readDb: ReadDb;
  /** Destroys a subject's key (the event log's eraseSubject). */
  readonly eraseKey: (subjectId: string) => Promise<boolean>;
};

const schedulerContext = (now: Date): CommandContext => ({
  actor: { system: 'scheduler' },
  now,
  correlationId: randomUUID(),
  causationId: null,
  requestId: null,
});

/** Flags visits past their expected departure plus the grace, and reminds their hosts. */
export async function detectOverstays(deps: VisitorJobDeps, now: Date): Promise<number> {
  const graceMinutes = deps.settings.overstayGraceMinutes;
  const due = await overstayCandidates(deps.readDb, new Date(now.getTime() - graceMinutes * 60_000));
  let flagged = 0;
  for (const visit of due) {
    const context = schedulerContext(now);
    const result = await decideOnVisit(
      deps,
      visit.visitId,
      { type: 'FlagOverstay', graceMinutes, now },
      context,
    );
    if (result.events.length === 0) continue;
    flagged++;
    const [firstName = '', ...rest] = visit.visitorName.split(' ');
    const visitor = { firstName, lastName: rest.join(' '), company: visit.company };
    const notice = {
      kind: 'overstay' as const,
      visitId: visit.visitId,
      visitorId: visit.visitorId,
      recipient: visit.hostId,
    };
    await notifyVisit(deps, { ...notice, visitor, expectedDeparture: visit.expectedDeparture }, context);
  }
  return flagged;
}

/** Closes invitations whose departure day is over and that nobody used. */
export async function expireInvitations(deps: VisitorJobDeps, now: Date): Promise<number> {
  let expired = 0;
  for (const visit of await unusedInvitations(deps.readDb, now)) {
    const result = await decideOnVisit(
      deps,
      visit.visitId,
      { type: 'ExpireInvitation', now },
      schedulerContext(now),
    );
    expired += result.events.length;
  }
  return expired;
}

/** Erases the personal data of visitors whose visits closed more than the retention period ago. */
export async function applyRetention(deps: VisitorJobDeps, now: Date): Promise<number> {
  const before = new Date(now.getTime() - deps.settings.retentionDays * 86_400_000);
  let erased = 0;
  for (const visitorId of await retentionCandidates(deps.readDb, before)) {
    try {
      const input = {
        subjectId: visitorId,
        reason: `visitor retention: ${deps.settings.retentionDays} days after the visit`,
      };
      await eraseSubject({ log: deps.log, eraseKey: deps.eraseKey }, input, schedulerContext(now));
      erased++;
    } catch (error) {
      // Another process (or an earlier run) erased this visitor already: nothing left to do.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return erased;
}

export type VisitorJobs = { readonly stop: () => Promise<void> };

export function startVisitorJobs(deps: VisitorJobDeps, logger: FastifyBaseLogger): VisitorJobs {
  const run = (name: string, job: (d: VisitorJobDeps, now: Date) => Promise<number>) => async () => {
    try {
      const count = await job(deps, new Date());
      if (count > 0) logger.info({ job: name, count }, 'visitor job done');
    } catch (error) {
      logger.error({ job: name, err: error }, 'visitor job failed');
    }
  };
  const tasks: ScheduledTask[] = [
    schedule('* * * * *', run('overstay', detectOverstays), { name: 'visitor-overstay', noOverlap: true }),
    schedule('7 * * * *', run('invitation-expiry', expireInvitations), {
      name: 'visitor-invitation-expiry',
      noOverlap: true,
    }),
    schedule('17 3 * * *', run('retention', applyRetention), { name: 'visitor-retention', noOverlap: true }),
  ];
  return {
    stop: async () => {
      for (const task of tasks) await task.destroy();
    },
  };
}
