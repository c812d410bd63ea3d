/**
 * Erasing a data subject: every request is recorded, a repeated one too (the key may have
 * been re-created by personal data written after the first erasure). Destroying the key is
 * IO and happens in erase-subject.service.ts before this decision.
 */
import type { SubjectErasureEvent } from '../../events/audit/subject-erasure.events.js';
import type { Decider } from '../decider.js';

export type EraseSubject = {
  readonly type: 'EraseSubject';
  readonly subjectId: string;
  readonly reason: string;
  readonly erasedBy: string | null;
  readonly now: Date;
};

export type SubjectErasureState = { readonly erasures: number; readonly lastErasedAt: string | null };

export const subjectErasureDecider: Decider<EraseSubject, SubjectErasureState, SubjectErasureEvent> = {
  initialState: { erasures: 0, lastErasedAt: null },
  decide: (command) => [
    {
      type: 'SubjectErased',
      data: {
        subjectId: command.subjectId,
        reason: command.reason,
        erasedBy: command.erasedBy,
        erasedAt: command.now.toISOString(),
      },
    },
  ],
  evolve: (state, event) => ({ erasures: state.erasures + 1, lastErasedAt: event.data.erasedAt }),
};
