/** The API modules the server mounts, each given the ports it needs. */
import type { ApiModule } from '../api/app-deps.js';
import { adminModule } from '../api/admin/admin.module.js';
import { auditModule } from '../api/audit/audit.module.js';
import { verifyIntegrity } from '../eventstore/integrity-verifier.js';
import { identityModule } from '../api/auth/identity.module.js';
import { biometricModule } from '../api/biometric/biometric.module.js';
import { healthSafetyModule } from '../api/health-safety/health-safety.module.js';
import { userDepartment } from '../queries/health-safety/people.query.js';
import { visitorsOnSiteAt } from '../queries/visitors/on-site-at.query.js';
import { decodeH10301 } from '../biometrics/card/wiegand.js';
import type { IdempotencyStore } from '../commands/idempotency.js';
import type { TokenService } from '../api/token-service.js';
import type { ReportsRuntime } from './reports.js';
import type { System } from './system.js';
import { visitorsModule } from '../api/visitors/visitors.module.js';
import { dashboardsModule } from '../api/dashboards/dashboards.module.js';
import { reportsModule } from '../api/reports/reports.module.js';
import { FIGURE_SOURCES } from '../api/reports/analytics.routes.js';
import { figureCache, lowestCheckpoint } from '../api/reports/figure-cache.js';
import { calendar } from '../queries/reports/time-zone.js';

export type SharedHttpDeps = {
  readonly reports: ReportsRuntime;
  readonly tokens: TokenService;
  readonly idempotency: IdempotencyStore;
  readonly decoyPasswordHash: string;
};

export function apiModules(system: System, shared: SharedHttpDeps): ApiModule[] {
  const analytics = {
    readDb: system.readDb,
    calendar: calendar(system.config.reports.timeZone),
    now: () => new Date(),
    figures: figureCache({
      position: lowestCheckpoint((name) => system.runtime.checkpoint(name), FIGURE_SOURCES),
    }),
  };
  return [
    identityModule({
      identity: system.identity,
      readDb: system.readDb,
      tokens: shared.tokens,
      idempotency: shared.idempotency,
      decoyPasswordHash: shared.decoyPasswordHash,
      loginRateLimit: { max: system.config.rateLimits.loginPerMinute, timeWindowMs: 60_000 },
    }),
    adminModule({ projections: system.runtime }),
    biometricModule({
      biometrics: {
        log: system.log,
        face: system.biometrics.face,
        index: system.biometrics.index,
        fingerprint: system.biometrics.fingerprint,
        fingerprints: system.biometrics.fingerprints,
        faceThreshold: system.biometrics.faceThreshold,
        removeFromIndex: system.biometrics.sync.removeSubject,
      },
      readDb: system.readDb,
      idempotency: shared.idempotency,
      decodeWiegand: decodeH10301,
    }),
    healthSafetyModule({
      log: system.log,
      readDb: system.readDb,
      idempotency: shared.idempotency,
      inspectionActionDueDays: system.config.healthSafety.inspectionActionDueDays,
      departmentOf: (userId) => userDepartment(system.readDb, userId),
      onSiteCountAt: (at) => visitorsOnSiteAt(system.readDb, at),
      now: () => new Date(),
      calendar: analytics.calendar,
    }),
    auditModule({
      log: system.log,
      readDb: system.readDb,
      // The chain covers what is stored (ciphertext included), so it walks the raw store.
      verify: (streamId) => verifyIntegrity(system.store, streamId === undefined ? {} : { streamId }),
      eraseSubjectKey: (subjectId) => system.log.eraseSubject(subjectId),
      idempotency: shared.idempotency,
    }),
    visitorsModule({
      visitors: system.visitors,
      readDb: system.readDb,
      idempotency: shared.idempotency,
      passKey: system.visitorPassKey,
      checkInUrl: system.config.visitors.checkInUrl,
    }),
    reportsModule({
      ...analytics,
      log: system.log,
      idempotency: shared.idempotency,
      storage: shared.reports.storage,
      onRequested: shared.reports.onRequested,
      onSchedulesChanged: shared.reports.onSchedulesChanged,
    }),
    dashboardsModule({
      ...analytics,
      log: system.log,
      idempotency: shared.idempotency,
      position: () => system.runtime.checkpoint('analytics') ?? 0n,
    }),
  ];
}
