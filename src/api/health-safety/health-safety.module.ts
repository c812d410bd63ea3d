/**
 * Health & safety over HTTP: incidents and their actions, inspections, training, hazards,
 * obligations and compliance status, hours worked and the OSHA 300 log, emergency
 * procedures and drills, and safety statistics for analytics. Commands go to the event log;
 * reads come from the hs_* read models.
 */
import type { IdempotencyStore } from '../../commands/idempotency.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import type { Calendar } from '../../queries/reports/time-zone.js';
import type { ReadDb } from '../../queries/read-db.js';
import type { ApiModule } from '../app-deps.js';
import { compliancePermissions, complianceReportRoutes } from './compliance-reports.routes.js';
import { hazardPermissions, hazardRoutes } from './hazards.routes.js';
import { safetyReportPermissions, safetyReportRoutes } from './safety-reports.routes.js';
import { incidentPermissions, incidentRoutes } from './incidents.routes.js';
import { inspectionTrainingPermissions, inspectionTrainingRoutes } from './inspections-training.routes.js';

export type HealthSafetyDeps = {
  readonly log: EventStore;
  readonly readDb: ReadDb;
  readonly idempotency: IdempotencyStore;
  /** Days until a failed inspection item's corrective action is due (DOMAIN.md: 14). */
  readonly inspectionActionDueDays: number;
  /** The department of a user (the owner of a failed inspection item's action), null when none. */
  readonly departmentOf: (userId: string) => Promise<string | null>;
  /**
   * How many people the visitors read model had on site at an instant, for a drill's roll
   * call; absent until that module provides it, and then the request's own figures count.
   */
  readonly onSiteCountAt?: (at: Date) => Promise<number>;
  /** The clock for status computed at read time (training expiry, overdue counts). */
  readonly now: () => Date;
  /** Days and months of the statistics, in the analytics time zone. */
  readonly calendar: Calendar;
};

export function healthSafetyModule(deps: HealthSafetyDeps): ApiModule {
  return {
    name: 'health-safety',
    permissions: {
      ...incidentPermissions,
      ...inspectionTrainingPermissions,
      ...hazardPermissions,
      ...compliancePermissions,
      ...safetyReportPermissions,
    },
    routes: (app) => {
      incidentRoutes(app, deps);
      inspectionTrainingRoutes(app, deps);
      hazardRoutes(app, deps);
      complianceReportRoutes(app, deps);
      safetyReportRoutes(app, deps);
    },
  };
}
