/**
 * A biometric subject's templates: enrolment adds one, erasure retires them all. After an
 * erasure the subject may enrol again; the old templates stay shredded.
 */
import type { BiometricSubjectEvent, Modality } from '../../events/biometric/biometric.events.js';
import { NotFoundError } from '../domain-error.js';
import { assertNever } from '../decider.js';

export type EnrollTemplate = {
  readonly type: 'EnrollTemplate';
  readonly templateId: string;
  readonly subjectId: string;
  readonly subjectType: 'employee' | 'visitor';
  readonly modality: Modality;
  readonly quality: number;
  readonly modelVersion: string;
  readonly imageCount: number;
  readonly template: string;
  readonly now: Date;
};

export type EraseBiometricSubject = {
  readonly type: 'EraseBiometricSubject';
  readonly subjectId: string;
  readonly now: Date;
};

export type BiometricSubjectCommand = EnrollTemplate | EraseBiometricSubject;

export type BiometricSubjectState = {
  readonly known: boolean;
  /** Templates enrolled since the last erasure. */
  readonly liveTemplateIds: readonly string[];
};

export const biometricSubjectDecider = {
  initialState: { known: false, liveTemplateIds: [] } as BiometricSubjectState,
  decide: (command: BiometricSubjectCommand, state: BiometricSubjectState): BiometricSubjectEvent[] => {
    switch (command.type) {
      case 'EnrollTemplate':
        return enroll(command);
      case 'EraseBiometricSubject':
        return erase(command, state);
      default:
        return assertNever(command);
    }
  },
  evolve: (state: BiometricSubjectState, event: BiometricSubjectEvent): BiometricSubjectState => {
    switch (event.type) {
      case 'BiometricTemplateEnrolled':
        return { known: true, liveTemplateIds: [...state.liveTemplateIds, event.data.templateId] };
      case 'BiometricSubjectErased':
        return { known: true, liveTemplateIds: [] };
      default:
        return assertNever(event);
    }
  },
};

function enroll(c: EnrollTemplate): BiometricSubjectEvent[] {
  const { templateId, subjectId, subjectType, modality, quality, modelVersion, imageCount, template } = c;
  return [
    {
      type: 'BiometricTemplateEnrolled',
      data: {
        templateId,
        subjectId,
        subjectType,
        modality,
        quality,
        modelVersion,
        imageCount,
        template,
        enrolledAt: c.now.toISOString(),
      },
    },
  ];
}

function erase(c: EraseBiometricSubject, state: BiometricSubjectState): BiometricSubjectEvent[] {
  if (!state.known) throw new NotFoundError('no biometric data was ever enrolled for this subject');
  if (state.liveTemplateIds.length === 0) return [];
  return [
    {
      type: 'BiometricSubjectErased',
      data: {
        subjectId: c.subjectId,
        templateIds: [...state.liveTemplateIds],
        erasedAt: c.now.toISOString(),
      },
    },
  ];
}
