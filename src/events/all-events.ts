/** Every event type of every module, for the registry the event log validates against. */
import { createEventRegistry, type EventRegistry } from './event-registry.js';
import { visitEvents } from './visitors/visit.events.js';
import { watchlistEvents } from './visitors/watchlist.events.js';
import { authEvents } from './auth/user.events.js';
import { auditEvents } from './audit/subject-erasure.events.js';
import { correctiveActionEvents } from './health-safety/corrective-action.events.js';
import { incidentEvents } from './health-safety/incident.events.js';
import { inspectionEvents } from './health-safety/inspection.events.js';
import { trainingEvents } from './health-safety/training.events.js';
import { hazardEvents } from './health-safety/hazard.events.js';
import { complianceEvents } from './health-safety/compliance.events.js';
import { emergencyEvents } from './health-safety/emergency.events.js';
import { biometricEvents } from './biometric/biometric.events.js';
import { widgetEvents } from './dashboards/widget.events.js';
import { reportEvents } from './reports/report.events.js';

export function eventRegistry(): EventRegistry {
  return createEventRegistry([
    ...visitEvents,
    ...watchlistEvents,
    ...correctiveActionEvents,
    ...incidentEvents,
    ...inspectionEvents,
    ...trainingEvents,
    ...hazardEvents,
    ...complianceEvents,
    ...emergencyEvents,
    ...biometricEvents,
    ...authEvents,
    ...auditEvents,
    ...widgetEvents,
    ...reportEvents,
  ]);
}
