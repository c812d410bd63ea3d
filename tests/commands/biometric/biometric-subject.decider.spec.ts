import { describe, it } from 'vitest';
import { biometricSubjectDecider } from '../../../src/commands/biometric/biometric-subject.decider.js';
import type { BiometricSubjectEvent } from '../../../src/events/biometric/biometric.events.js';
import { deciderSpec } from '../../support/decider-spec.js';

const spec = deciderSpec(biometricSubjectDecider);
const subjectId = '11111111-1111-4111-8111-111111111111';
const now = new Date('2026-03-01T08:00:00.000Z');
const enrolled = (templateId: string): BiometricSubjectEvent => ({
  type: 'BiometricTemplateEnrolled',
  data: {
    templateId,
    subjectId,
    subjectType: 'employee',
    modality: 'face',
    quality: 0.93,
    modelVersion: 'm1',
    imageCount: 3,
    template: 'AAAA',
    enrolledAt: now.toISOString(),
  },
});
const t1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const t2 = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const erase = { type: 'EraseBiometricSubject', subjectId, now } as const;

describe('biometric subject decider', () => {
  it('enrols a template with what the command carries', () => {
    spec
      .given([])
      .when({
        type: 'EnrollTemplate',
        templateId: t1,
        subjectId,
        subjectType: 'employee',
        modality: 'face',
        quality: 0.93,
        modelVersion: 'm1',
        imageCount: 3,
        template: 'AAAA',
        now,
      })
      .then([enrolled(t1)]);
  });

  it('enrols more templates for the same subject', () => {
    spec
      .given([enrolled(t1)])
      .when({
        type: 'EnrollTemplate',
        templateId: t2,
        subjectId,
        subjectType: 'employee',
        modality: 'face',
        quality: 0.93,
        modelVersion: 'm1',
        imageCount: 3,
        template: 'AAAA',
        now,
      })
      .then([enrolled(t2)]);
  });

  it('erases every template enrolled since the last erasure', () => {
    spec
      .given([enrolled(t1), enrolled(t2)])
      .when(erase)
      .then([
        {
          type: 'BiometricSubjectErased',
          data: { subjectId, templateIds: [t1, t2], erasedAt: now.toISOString() },
        },
      ]);
  });

  it('does nothing when erasing twice', () => {
    spec
      .given([
        enrolled(t1),
        {
          type: 'BiometricSubjectErased',
          data: { subjectId, templateIds: [t1], erasedAt: now.toISOString() },
        },
      ])
      .when(erase)
      .thenNothing();
  });

  it('refuses to erase a subject that never enrolled', () => {
    spec.given([]).when(erase).thenThrows('NOT_FOUND');
  });
});
