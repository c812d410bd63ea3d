/**
 * Wires the system from config: event store, read-model database, key store, event log,
 * projection runtime and the HTTP app with its modules. The server and the CLI both start
 * here; `close()` shuts everything down in reverse order.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Knex } from 'knex';
import { hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import type { ApiInstance } from '../api/app-deps.js';
import { buildApp } from '../api/app.js';
import { bcryptHasher } from '../commands/auth/bcrypt-hasher.js';
import { openBiometrics, type BiometricRuntime } from '../biometrics/biometric-runtime.js';
import type { IdentityDeps } from '../commands/auth/identity.service.js';
import type { Config } from '../config.js';
import { openDatabase, queryDatabase } from '../db/knex-connection.js';
import { createSqlIdempotencyStore } from '../db/sql-idempotency-store.js';
import type { EventLog } from '../eventstore/event-log.js';
import type { EventStore } from '../eventstore/event-store.port.js';
import { allProjectors } from '../projections/all-projectors.js';
import {
  createProjectionRuntime,
  type ProjectionRuntime,
} from '../projections/runtime/projection-runtime.js';
import type { ReadDb } from '../queries/read-db.js';
import { openSealedLog, readModelTarget } from './event-log.js';
import { projectionThread, type ProjectionThread } from './projection-thread.js';
import { ensureFirstAdmin } from './first-admin.js';
import { healthCheck } from './health.js';
import { apiModules } from './modules.js';
import { tokenServiceFrom } from './token-service.js';
import type { VisitorDeps } from '../commands/visitors/visitor-deps.js';
import { startVisitorJobs } from '../jobs/visitors/visitor-jobs.js';
import { startSafetyJobs } from '../jobs/health-safety/safety-overdue.job.js';
import { startReports } from './reports.js';
import { notifierFromConfig } from '../notifications/notifier-from-config.js';
import { visitorLookups } from '../queries/visitors/visitor-lookups.query.js';

export type System = {
  readonly config: Config;
  readonly store: EventStore;
  readonly log: EventLog;
  /** Where queries read (on SQLite a read-only connection: see queryDatabase). */
  readonly readDb: ReadDb;
  /** The read models' writable handle: projections, idempotency records, job leases (and on MySQL subject keys). */
  readonly writeDb: Knex;
  /** Queries, waits and rebuild requests; it runs the projectors unless the projection thread does. */
  readonly runtime: ProjectionRuntime;
  /** Runs the projectors when PROJECTION_THREAD is on (started by startSystem). */
  readonly projectionThread: ProjectionThread | undefined;
  readonly identity: IdentityDeps;
  /** Face engine (or why it is unavailable), the in-memory face index and its sync with the log. */
  readonly biometrics: BiometricRuntime;
  /** Visitors use cases: the log, the notifier (SNS or recorded outbox), read-model lookups, settings. */
  readonly visitors: VisitorDeps;
  /** Signs entry-pass tokens: VISITOR_PASS_SECRET, else HKDF-SHA256(master key, "visitor-entry-pass"). */
  readonly visitorPassKey: Uint8Array;
  readonly close: () => Promise<void>;
};

export async function openSystem(config: Config, logger: FastifyBaseLogger): Promise<System> {
  mkdirSync(config.dataDir, { recursive: true });
  const readTarget = readModelTarget(config);
  const writeDb = openDatabase(readTarget);
  const sealed = await openSealedLog(config, writeDb);
  const { store, masterKey, log: sealedLog } = sealed;
  const ownerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const thread = config.projectionThread
    ? projectionThread({ config, ownerId, store, log: sealedLog, logger })
    : undefined;
  // The thread caches keys too: an erasure made here must reach it at once.
  const log: EventLog =
    thread === undefined
      ? sealedLog
      : {
          ...sealedLog,
          eraseSubject: async (subjectId) => {
            const erased = await sealedLog.eraseSubject(subjectId);
            thread.forget(subjectId);
            return erased;
          },
        };
  const runtime = createProjectionRuntime({
    store: log,
    db: writeDb,
    projectors: allProjectors,
    logger,
    ownerId,
    ...(thread === undefined ? {} : { pushed: thread.pushed }),
  });
  const readDb = queryDatabase(readTarget, writeDb);
  const biometrics = await openBiometrics(
    { modelsDir: config.faceModelsDir, faceThreshold: config.faceMatchThreshold },
    log,
    logger,
  );
  const notifier = notifierFromConfig(config);
  const visitors: VisitorDeps = { log, notifier, lookups: visitorLookups(readDb), settings: config.visitors };
  const visitorPassKey =
    config.visitors.passSecret === undefined
      ? new Uint8Array(hkdfSync('sha256', masterKey, new Uint8Array(0), 'visitor-entry-pass', 32))
      : new TextEncoder().encode(config.visitors.passSecret);
  const identity: IdentityDeps = {
    log,
    hasher: bcryptHasher(config.bcryptCost),
    emailKey: masterKey,
  };
  return {
    config,
    store,
    log,
    readDb,
    writeDb,
    runtime,
    projectionThread: thread,
    identity,
    biometrics,
    visitors,
    visitorPassKey,
    close: async () => {
      await thread?.stop();
      await runtime.stop();
      notifier.close();
      await biometrics.close();
      await sealed.close();
      if (readDb !== writeDb) await readDb.destroy();
      await writeDb.destroy();
    },
  };
}

/** The whole server: the system plus its running projections and HTTP app. */
export async function startSystem(
  config: Config,
  logger: FastifyBaseLogger,
): Promise<{ system: System; app: ApiInstance; close: () => Promise<void> }> {
  const system = await openSystem(config, logger);
  await (system.projectionThread?.start() ?? system.runtime.start());
  await ensureFirstAdmin(system, logger);
  const visitorJobs = config.visitors.jobsEnabled
    ? startVisitorJobs(
        { ...system.visitors, readDb: system.readDb, eraseKey: system.log.eraseSubject },
        logger,
      )
    : undefined;
  const safetyJobs = config.healthSafety.jobsEnabled
    ? startSafetyJobs({ log: system.log, readDb: system.readDb }, config.healthSafety.jobsCron, logger)
    : undefined;
  const reports = await startReports(system, logger);
  const tokens = await tokenServiceFrom(config, (message) => logger.warn(message));
  const idempotency = await createSqlIdempotencyStore(system.writeDb);
  const app = await buildApp({
    config: {
      corsOrigins: config.corsOrigins,
      rateLimit: { max: config.rateLimits.publicPerMinute, timeWindowMs: 60_000 },
      minPositionWaitMs: config.minPositionWaitMs,
    },
    logger,
    auth: tokens,
    health: healthCheck(system),
    waitForPosition: (position, timeoutMs, readModels) =>
      system.runtime.waitFor(position, timeoutMs, readModels),
    readModels: allProjectors.map((p) => p.name),
    modules: apiModules(system, {
      reports,
      tokens,
      idempotency,
      decoyPasswordHash: await system.identity.hasher.hash(randomBytes(16).toString('hex')),
    }),
  });
  return {
    system,
    app,
    close: async () => {
      await visitorJobs?.stop();
      await safetyJobs?.stop();
      await reports.stop();
      await app.close();
      await system.close();
    },
  };
}
