/**
 * Stream category → the `initialState` and `evolve` of the decider that owns that stream,
 * so the audit API can show any entity as it was at an instant by folding its events with
 * the module's own rules (no second implementation). Each module adds its categories here.
 */
import { subjectErasureStream } from '../events/audit/subject-erasure.events.js';
import { departmentStream, userEmailStream, userStream } from '../events/auth/user.events.js';
import type { DomainEvent } from '../events/envelope.js';
import { subjectErasureDecider } from './audit/subject-erasure.decider.js';
import { departmentDecider } from './auth/department.decider.js';
import { emailReservationDecider } from './auth/email-reservation.decider.js';
import { userDecider } from './auth/user.decider.js';
import type { Decider } from './decider.js';
import {
  biometricAttemptStream,
  biometricCardStream,
  biometricSubjectStream,
} from '../events/biometric/biometric.events.js';
import { widgetStream } from '../events/dashboards/widget.events.js';
import { hoursWorkedStream, obligationStream } from '../events/health-safety/compliance.events.js';
import { drillStream, procedureStream } from '../events/health-safety/emergency.events.js';
import { hazardStream } from '../events/health-safety/hazard.events.js';
import { incidentNumberStream, incidentStream } from '../events/health-safety/incident.events.js';
import { inspectionStream } from '../events/health-safety/inspection.events.js';
import { courseStream, trainingRecordStream } from '../events/health-safety/training.events.js';
import { reportScheduleStream, reportStream } from '../events/reports/report.events.js';
import { visitNotificationStream, watchlistEntryStream } from '../events/visitors/watchlist.events.js';
import { visitorBadgeStream, visitStream, visitTokenStream } from '../events/visitors/visit.events.js';
import { biometricAttemptDecider } from './biometric/biometric-attempt.decider.js';
import { biometricCardDecider } from './biometric/biometric-card.decider.js';
import { biometricSubjectDecider } from './biometric/biometric-subject.decider.js';
import { widgetDecider } from './dashboards/widget.decider.js';
import { drillDecider, procedureDecider } from './health-safety/emergency.decider.js';
import { hazardDecider } from './health-safety/hazard.decider.js';
import { incidentNumberDecider } from './health-safety/incident-number.decider.js';
import { incidentDecider } from './health-safety/incident.decider.js';
import { inspectionDecider } from './health-safety/inspection.decider.js';
import { hoursWorkedDecider, obligationDecider } from './health-safety/obligation.decider.js';
import { courseDecider, trainingRecordDecider } from './health-safety/training.decider.js';
import { reportScheduleDecider } from './reports/report-schedule.decider.js';
import { reportDecider } from './reports/report.decider.js';
import { badgeNumberDecider } from './visitors/badge-number.decider.js';
import { notificationDecider } from './visitors/notification.decider.js';
import { visitTokenDecider } from './visitors/visit-token.decider.js';
import { visitDecider } from './visitors/visit.decider.js';
import { watchlistDecider } from './visitors/watchlist.decider.js';

export type Evolver = {
  readonly initialState: unknown;
  readonly evolve: (state: unknown, event: DomainEvent) => unknown;
};

/** Erases a decider's types for the registry; events of a category are that decider's events. */
export function evolverOf<S, E extends DomainEvent>(
  decider: Pick<Decider<never, S, E>, 'initialState' | 'evolve'>,
): Evolver {
  return {
    initialState: decider.initialState,
    evolve: (state, event) => decider.evolve(state as S, event as E),
  };
}

export const deciderRegistry: ReadonlyMap<string, Evolver> = new Map([
  [userStream.category, evolverOf(userDecider)],
  [departmentStream.category, evolverOf(departmentDecider)],
  [userEmailStream.category, evolverOf(emailReservationDecider)],
  [subjectErasureStream.category, evolverOf(subjectErasureDecider)],
  [biometricSubjectStream.category, evolverOf(biometricSubjectDecider)],
  [biometricCardStream.category, evolverOf(biometricCardDecider)],
  [biometricAttemptStream.category, evolverOf(biometricAttemptDecider)],
  [visitStream.category, evolverOf(visitDecider)],
  [visitTokenStream.category, evolverOf(visitTokenDecider)],
  [visitorBadgeStream.category, evolverOf(badgeNumberDecider)],
  [watchlistEntryStream.category, evolverOf(watchlistDecider)],
  [visitNotificationStream.category, evolverOf(notificationDecider)],
  [incidentStream.category, evolverOf(incidentDecider)],
  [incidentNumberStream.category, evolverOf(incidentNumberDecider)],
  [inspectionStream.category, evolverOf(inspectionDecider)],
  [courseStream.category, evolverOf(courseDecider)],
  [trainingRecordStream.category, evolverOf(trainingRecordDecider)],
  [hazardStream.category, evolverOf(hazardDecider)],
  [obligationStream.category, evolverOf(obligationDecider)],
  [hoursWorkedStream.category, evolverOf(hoursWorkedDecider)],
  [procedureStream.category, evolverOf(procedureDecider)],
  [drillStream.category, evolverOf(drillDecider)],
  [widgetStream.category, evolverOf(widgetDecider)],
  [reportStream.category, evolverOf(reportDecider)],
  [reportScheduleStream.category, evolverOf(reportScheduleDecider)],
]);
