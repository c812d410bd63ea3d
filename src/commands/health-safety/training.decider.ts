/**
 * Training courses (created once) and completion records. A record expires at completion +
 * the course's validity months; it is `expiring` in the last 30 days and `expired` after.
 */
import {
  TRAINING_EXPIRING_DAYS,
  type CourseEvent,
  type TrainingRecordEvent,
} from '../../events/health-safety/training.events.js';
import type { Decider } from '../decider.js';
import { NotFoundError } from '../domain-error.js';

export const EXPIRING_WINDOW_DAYS = TRAINING_EXPIRING_DAYS;
export type TrainingStatus = 'valid' | 'expiring' | 'expired';

type Course = CourseEvent['data'];
type Completed = Extract<TrainingRecordEvent, { type: 'TrainingCompleted' }>['data'];

export const courseDecider: Decider<
  { readonly type: 'CreateCourse'; readonly course: Course },
  { exists: boolean },
  CourseEvent
> = {
  initialState: { exists: false },
  decide: (command, state) => (state.exists ? [] : [{ type: 'TrainingCourseCreated', data: command.course }]),
  evolve: () => ({ exists: true }),
};

/** Completion + whole months, clamped to the last day of a shorter month (Jan 31 + 1 → Feb 28/29). */
export function trainingExpiry(completedAt: Date, validityMonths: number): Date {
  const y = completedAt.getUTCFullYear();
  const m = completedAt.getUTCMonth() + validityMonths;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const expiry = new Date(completedAt);
  expiry.setUTCDate(1);
  expiry.setUTCFullYear(y, m, Math.min(completedAt.getUTCDate(), lastDay));
  return expiry;
}

export function trainingStatus(expiresAt: string, now: Date): TrainingStatus {
  const expiry = new Date(expiresAt).getTime();
  if (expiry <= now.getTime()) return 'expired';
  return expiry - now.getTime() <= EXPIRING_WINDOW_DAYS * 86_400_000 ? 'expiring' : 'valid';
}

export type TrainingRecordCommand =
  | { readonly type: 'RecordTraining'; readonly record: Completed }
  | { readonly type: 'FlagTrainingExpiry'; readonly now: Date };
export type TrainingRecordState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'recorded';
      readonly recordId: string;
      readonly expiresAt: string;
      readonly flagged: TrainingStatus;
    };

export const trainingRecordDecider: Decider<TrainingRecordCommand, TrainingRecordState, TrainingRecordEvent> =
  {
    initialState: { status: 'absent' },
    decide: (command, state) => {
      if (command.type === 'RecordTraining')
        return state.status === 'absent' ? [{ type: 'TrainingCompleted', data: command.record }] : [];
      if (state.status === 'absent') throw new NotFoundError('training record not found');
      const status = trainingStatus(state.expiresAt, command.now);
      if (status === 'valid' || status === state.flagged) return [];
      const data = {
        recordId: state.recordId,
        expiresAt: state.expiresAt,
        detectedAt: command.now.toISOString(),
      };
      return [status === 'expiring' ? { type: 'TrainingExpiring', data } : { type: 'TrainingExpired', data }];
    },
    evolve: (state, event) => {
      switch (event.type) {
        case 'TrainingCompleted':
          return {
            status: 'recorded',
            recordId: event.data.recordId,
            expiresAt: event.data.expiresAt,
            flagged: 'valid',
          };
        case 'TrainingExpiring':
          return state.status === 'absent' ? state : { ...state, flagged: 'expiring' };
        case 'TrainingExpired':
          return state.status === 'absent' ? state : { ...state, flagged: 'expired' };
      }
    },
  };
