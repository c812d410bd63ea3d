/**
 * Runs report schedules with node-cron in the analytics time zone. Each firing is taken by
 * one process only: node-cron asks a run coordinator, here a lease row per (schedule,
 * instant) in the read-model database; the schedule's stream then records the run
 * (ReportScheduleRan, refused for an instant already run) before the report is requested.
 * At start, a schedule whose most recent instant passed while no process ran (downtime) runs
 * once for it, marked `missed`. Schedules created or deleted anywhere are picked up on the
 * next refresh (and at once in the process that changed them, through `refresh`).
 */
import type { FastifyBaseLogger } from 'fastify';
import { createTask, type ScheduledTask } from 'node-cron';
import { randomUUID } from 'node:crypto';
import { newId } from '../../commands/new-id.js';
import { requestReport, scheduleCommand } from '../../commands/reports/reports.service.js';
import type { JobLeases } from '../../db/job-lease.store.js';
import type { CommandContext } from '../../events/envelope.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { allSchedules, type ScheduleView } from '../../queries/reports/reports.query.js';
import { addDays, nextPeriod, periodStart, type Calendar } from '../../queries/reports/time-zone.js';
import type { ReadDb } from '../../queries/read-db.js';

export type SchedulerDeps = {
  readonly log: EventStore;
  readonly readDb: ReadDb;
  readonly calendar: Calendar;
  readonly leases: JobLeases;
  readonly logger: FastifyBaseLogger;
  readonly now: () => Date;
  /** Called after a run requested a report (at a log position), so the worker starts at once. */
  readonly onRequested: (position: bigint) => void;
  readonly refreshMs?: number;
};

export type ReportScheduler = {
  readonly refresh: () => Promise<void>;
  readonly stop: () => Promise<void>;
};

/** How far back a missed run is looked for at start. */
const MISSED_LOOKBACK_MS = 35 * 86_400_000;
const LEASE_MS = 5 * 60_000;

export async function startReportScheduler(deps: SchedulerDeps): Promise<ReportScheduler> {
  const tasks = new Map<string, { cron: string; task: ScheduledTask }>();
  const context = (now: Date): CommandContext => ({
    actor: { system: 'report-scheduler' },
    now,
    correlationId: randomUUID(),
    causationId: null,
    requestId: null,
  });

  async function run(schedule: ScheduleView, scheduledFor: Date, missed: boolean): Promise<void> {
    const reportId = newId();
    try {
      await scheduleCommand(
        deps.log,
        schedule.scheduleId,
        { kind: 'run', scheduledFor, reportId, missed },
        context(deps.now()),
      );
    } catch {
      return; // run for this instant already, or the schedule is gone
    }
    const { type, format, definition, period, departmentId } = schedule.report;
    const requested = await requestReport(
      deps.log,
      {
        reportId,
        type,
        format,
        definition,
        parameters: { ...schedulePeriod(period, deps.calendar.localDate(scheduledFor)), departmentId },
        requestedBy: schedule.createdBy,
        scheduleId: schedule.scheduleId,
      },
      context(deps.now()),
    );
    deps.onRequested(requested.position);
  }

  function taskFor(schedule: ScheduleView): ScheduledTask {
    return createTask(
      schedule.cron,
      async (ctx) => {
        await run(schedule, ctx.date, false).catch((error: unknown) =>
          deps.logger.error({ err: error, scheduleId: schedule.scheduleId }, 'scheduled report failed'),
        );
      },
      {
        name: `report-schedule-${schedule.scheduleId}`,
        timezone: deps.calendar.timeZone,
        noOverlap: true,
        distributed: true,
        distributedLease: LEASE_MS,
        runCoordinator: { shouldRun: (key, ttlMs) => deps.leases.acquire(key, ttlMs) },
      },
    );
  }

  async function refresh(): Promise<void> {
    const schedules = await allSchedules(deps.readDb);
    const current = new Set(schedules.map((s) => s.scheduleId));
    for (const [id, entry] of tasks)
      if (!current.has(id)) {
        await entry.task.destroy();
        tasks.delete(id);
      }
    for (const schedule of schedules) {
      if (tasks.has(schedule.scheduleId)) continue;
      const task = taskFor(schedule);
      tasks.set(schedule.scheduleId, { cron: schedule.cron, task });
      await task.start();
      const missed = lastInstantBefore(task, deps.now(), schedule.lastRunFor ?? schedule.createdAt);
      if (missed !== undefined) await run(schedule, missed, true);
    }
  }

  await refresh();
  const timer = setInterval(() => {
    refresh().catch((error: unknown) => deps.logger.error({ err: error }, 'report schedules refresh failed'));
  }, deps.refreshMs ?? 30_000);
  return {
    refresh,
    stop: async () => {
      clearInterval(timer);
      for (const { task } of tasks.values()) await task.destroy();
      tasks.clear();
    },
  };
}

/** The latest minute the cron expression fires at in (`after`, `now`), if any (within the lookback). */
function lastInstantBefore(task: ScheduledTask, now: Date, after: string): Date | undefined {
  const floor = Math.max(Date.parse(after), now.getTime() - MISSED_LOOKBACK_MS);
  for (let t = Math.floor(now.getTime() / 60_000) * 60_000; t > floor; t -= 60_000) {
    if (t >= now.getTime()) continue;
    if (task.match(new Date(t))) return new Date(t);
  }
  return undefined;
}

/** The dates a scheduled run reports on, relative to the local day it runs. */
export function schedulePeriod(period: string, today: string): { from: string; to: string } {
  switch (period) {
    case 'previous_day':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    case 'previous_week': {
      const thisWeek = periodStart(today, 'week');
      return { from: addDays(thisWeek, -7), to: addDays(thisWeek, -1) };
    }
    case 'previous_month': {
      const thisMonth = periodStart(today, 'month');
      const previous = periodStart(addDays(thisMonth, -1), 'month');
      return { from: previous, to: addDays(nextPeriod(previous, 'month'), -1) };
    }
    default:
      return { from: periodStart(today, 'month'), to: today };
  }
}
