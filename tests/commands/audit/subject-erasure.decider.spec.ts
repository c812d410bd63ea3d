import { describe, it } from 'vitest';
import { subjectErasureDecider } from '../../../src/commands/audit/subject-erasure.decider.js';
import type { SubjectErasureEvent } from '../../../src/events/audit/subject-erasure.events.js';
import { deciderSpec } from '../../support/decider-spec.js';

const now = new Date('2026-03-01T10:00:00.000Z');
const command = { type: 'EraseSubject', subjectId: 's-1', reason: 'asked', erasedBy: 'u-1', now } as const;
const erased = (erasedAt: string): SubjectErasureEvent => ({
  type: 'SubjectErased',
  data: { subjectId: 's-1', reason: 'asked', erasedBy: 'u-1', erasedAt },
});

describe('subject erasure decider', () => {
  const spec = deciderSpec(subjectErasureDecider);

  it('records who erased the subject, when and why', () => {
    spec
      .given([])
      .when(command)
      .then([erased(now.toISOString())]);
  });

  it('records a repeated erasure too (personal data may have been written since)', () => {
    spec
      .given([erased('2026-01-01T00:00:00.000Z')])
      .when(command)
      .then([erased(now.toISOString())]);
  });
});
