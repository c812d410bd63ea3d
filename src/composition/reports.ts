/**
 * The reports module's moving parts: the file store under DATA_DIR/files, the background
 * worker that builds queued reports, and the scheduler that runs report schedules (both off
 * with REPORTS_ENABLED=false, e.g. for a process that only serves the API).
 */
import type { FastifyBaseLogger } from 'fastify';
import { join } from 'node:path';
import { createJobLeases } from '../db/job-lease.store.js';
import type { FileStorage } from '../files/file-storage.js';
import { createLocalFileStorage } from '../files/local-file-storage.js';
import { startReportScheduler, type ReportScheduler } from '../jobs/reports/report-scheduler.js';
import { startReportWorker, type ReportWorker } from '../jobs/reports/report-worker.js';
import { getSchedule } from '../queries/reports/reports.query.js';
import { calendar } from '../queries/reports/time-zone.js';
import type { System } from './system.js';

export type ReportsRuntime = {
  readonly storage: FileStorage;
  readonly worker: ReportWorker | undefined;
  readonly scheduler: ReportScheduler | undefined;
  /** After a report was requested at `position`: wake the worker once the read model has it. */
  readonly onRequested: (position: bigint) => void;
  /** After a schedule changed at `position`: reload once the read model has it. */
  readonly onSchedulesChanged: (position: bigint) => void;
  readonly stop: () => Promise<void>;
};

export async function startReports(system: System, logger: FastifyBaseLogger): Promise<ReportsRuntime> {
  const { config, readDb, log } = system;
  const storage = createLocalFileStorage(join(config.dataDir, 'files'));
  if (!config.reports.workerEnabled)
    return {
      storage,
      worker: undefined,
      scheduler: undefined,
      onRequested: () => undefined,
      onSchedulesChanged: () => undefined,
      stop: () => Promise.resolve(),
    };
  const zone = calendar(config.reports.timeZone);
  const afterProjected = (position: bigint, then: () => unknown) =>
    void system.runtime
      .waitFor(position, 5000, ['reports'])
      .then(then)
      .catch((error: unknown) => logger.error({ err: error }, 'reports: reacting to a change failed'));
  const now = () => new Date();
  const worker = startReportWorker({
    log,
    readDb,
    calendar: zone,
    now,
    storage,
    notifier: system.visitors.notifier,
    logger,
    phoneOf: async (userId) => (await system.visitors.lookups.hostContact(userId))?.phone ?? null,
    scheduleOf: (scheduleId) => getSchedule(readDb, scheduleId),
    publicUrl: config.reports.publicUrl,
  });
  const scheduler = await startReportScheduler({
    log,
    readDb,
    calendar: zone,
    leases: await createJobLeases(system.writeDb, system.runtime.ownerId),
    logger,
    now,
    onRequested: (position) => afterProjected(position, worker.kick),
  });
  return {
    storage,
    worker,
    scheduler,
    onRequested: (position) => afterProjected(position, worker.kick),
    onSchedulesChanged: (position) => afterProjected(position, scheduler.refresh),
    stop: async () => {
      await scheduler.stop();
      await worker.stop();
    },
  };
}
