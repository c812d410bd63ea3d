/** One stream per email (by keyed hash): the first user to reserve it keeps it. */
import type { EmailReservationEvent } from '../../events/auth/user.events.js';
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';

export type ReserveEmail = { readonly type: 'ReserveEmail'; readonly userId: string };
export type EmailReservationState = { readonly userId: string | null };

export const emailReservationDecider: Decider<ReserveEmail, EmailReservationState, EmailReservationEvent> = {
  initialState: { userId: null },
  decide: (command, state) => {
    if (state.userId === command.userId) return [];
    if (state.userId !== null) throw new DomainError('EMAIL_TAKEN', 'a user with this email already exists');
    return [{ type: 'EmailReserved', data: { userId: command.userId } }];
  },
  evolve: (_state, event) => ({ userId: event.data.userId }),
};
