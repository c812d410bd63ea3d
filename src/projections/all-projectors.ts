/** Every projector the runtime runs. */
import { usersProjector } from './auth/users.projection.js';
import { auditIndexProjector } from './audit/audit-index.projection.js';
import { biometricProjector } from './biometric/biometric.projection.js';
import { incidentsProjector } from './health-safety/incidents.projection.js';
import { inspectionsTrainingProjector } from './health-safety/inspections-training.projection.js';
import { safetyRegistersProjector } from './health-safety/safety-registers.projection.js';
import type { Projector } from './projector.js';
import { widgetsProjector } from './dashboards/widgets.projection.js';
import { analyticsProjector } from './reports/analytics.projection.js';
import { reportsProjector } from './reports/reports.projection.js';
import { visitsProjector } from './visitors/visits.projection.js';
import { visitorWatchlistProjector } from './visitors/visitor-watchlist.projection.js';
import { visitorNotificationsProjector } from './visitors/visitor-notifications.projection.js';
import { visitStatsProjector } from './visitors/visit-stats.projection.js';

export const allProjectors: readonly Projector[] = [
  usersProjector,
  auditIndexProjector,
  biometricProjector,
  visitsProjector,
  visitorWatchlistProjector,
  visitorNotificationsProjector,
  visitStatsProjector,
  incidentsProjector,
  inspectionsTrainingProjector,
  safetyRegistersProjector,
  analyticsProjector,
  widgetsProjector,
  reportsProjector,
];
