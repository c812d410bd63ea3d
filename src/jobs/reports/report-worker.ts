/**
 * Builds queued reports in the background: takes a report by appending ReportStarted (the
 * event store lets one worker win when several processes look at the same report), renders
 * it into the file store, and records ReportCompleted with the file's size and SHA-256, or
 * ReportFailed with a reason free of personal data. A report whose worker died is taken again
 * once it has been running longer than `staleAfterMs`. A scheduled report is then sent to the
 * schedule's recipients through the notifier, each delivery recorded as ReportDelivered.
 */
import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { reportCommand } from '../../commands/reports/reports.service.js';
import type { CommandContext } from '../../events/envelope.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import type { FileStorage } from '../../files/file-storage.js';
import { renderReport } from '../../files/report/render-report.js';
import { TABULAR_EXTENSIONS } from '../../files/tabular/table-document.js';
import type { Notifier } from '../../notifications/notifier.port.js';
import { reportsToBuild, type ReportView } from '../../queries/reports/reports.query.js';
import { buildReportDocument, type BuilderDeps } from './report-builder.js';

export type ReportWorkerDeps = BuilderDeps & {
  readonly log: EventStore;
  readonly storage: FileStorage;
  readonly notifier: Notifier;
  readonly logger: FastifyBaseLogger;
  /** The phone of a user, for SMS deliveries. */
  readonly phoneOf: (userId: string) => Promise<string | null>;
  /** The schedule's name and recipients. */
  readonly scheduleOf: (scheduleId: string) => Promise<{ name: string; recipients: string[] } | undefined>;
  /** Where a download link points, e.g. https://crm.example.org */
  readonly publicUrl: string;
  readonly pollMs?: number;
  readonly staleAfterMs?: number;
};

export type ReportWorker = {
  /** Look for work now (after a request in this process) instead of at the next poll. */
  readonly kick: () => void;
  /** Builds everything waiting; resolves with how many reports this call finished. */
  readonly runOnce: () => Promise<number>;
  readonly stop: () => Promise<void>;
};

const context = (now: Date): CommandContext => ({
  actor: { system: 'report-worker' },
  now,
  correlationId: randomUUID(),
  causationId: null,
  requestId: null,
});

export function startReportWorker(deps: ReportWorkerDeps): ReportWorker {
  const worker = `report-worker-${randomUUID().slice(0, 8)}`;
  const staleAfterMs = deps.staleAfterMs ?? 10 * 60_000;
  let stopped = false;
  let wake = new AbortController();

  async function runOnce(): Promise<number> {
    let done = 0;
    const now = deps.now();
    for (const report of await reportsToBuild(deps.readDb, new Date(now.getTime() - staleAfterMs))) {
      if (stopped) break;
      if (await build(report)) done += 1;
    }
    return done;
  }

  async function build(report: ReportView): Promise<boolean> {
    try {
      await reportCommand(
        deps.log,
        report.reportId,
        { kind: 'start', worker, now: deps.now(), staleAfterMs },
        context(deps.now()),
      );
    } catch {
      return false; // another worker took it, or it is no longer waiting
    }
    try {
      const document = await buildReportDocument(deps, report);
      const key = `reports/${report.createdAt.slice(0, 7)}/${report.reportId}.${TABULAR_EXTENSIONS[report.format]}`;
      const file = await deps.storage.write(key, renderReport(report.format, document));
      await reportCommand(
        deps.log,
        report.reportId,
        {
          kind: 'complete',
          fileKey: file.key,
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
          now: deps.now(),
        },
        context(deps.now()),
      );
    } catch (error) {
      deps.logger.error({ err: error, reportId: report.reportId }, 'report generation failed');
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'INTERNAL';
      await reportCommand(
        deps.log,
        report.reportId,
        { kind: 'fail', error: `generation failed (${reason})`, now: deps.now() },
        context(deps.now()),
      ).catch(() => undefined);
      return true;
    }
    if (report.scheduleId !== null) await deliver(report.reportId, report.scheduleId);
    return true;
  }

  async function deliver(reportId: string, scheduleId: string): Promise<void> {
    const schedule = await deps.scheduleOf(scheduleId);
    if (schedule === undefined) return;
    const link = `${deps.publicUrl.replace(/\/$/, '')}/api/reports/${reportId}/download`;
    for (const recipient of schedule.recipients) {
      const outcome = await deps.notifier.send({
        recipient,
        phone: await deps.phoneOf(recipient),
        text: `Report "${schedule.name}" is ready: ${link}`,
      });
      const delivery = {
        kind: 'deliver',
        recipient,
        channel: outcome.channel,
        ok: outcome.ok,
        error: outcome.ok ? null : outcome.error,
        now: deps.now(),
      } as const;
      await reportCommand(deps.log, reportId, delivery, context(deps.now())).catch((error: unknown) =>
        deps.logger.warn({ err: error, reportId }, 'report delivery not recorded'),
      );
    }
  }

  const loop = (async () => {
    while (!stopped) {
      await runOnce().catch((error: unknown) =>
        deps.logger.error({ err: error }, 'report worker pass failed'),
      );
      await sleep(deps.pollMs ?? 1000, undefined, { signal: wake.signal }).catch(() => undefined);
      wake = new AbortController();
    }
  })();

  return {
    kick: () => wake.abort(),
    runOnce,
    stop: async () => {
      stopped = true;
      wake.abort();
      await loop;
    },
  };
}
