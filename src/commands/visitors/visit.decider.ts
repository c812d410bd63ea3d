/**
 * A visit from invitation to checkout (DOMAIN.md §Visitors): invited → checked_in, or a
 * walk-in pending_approval → checked_in | rejected; then checked_out. A watch-list hit ends
 * in denied; an unused invitation in expired; overstay is a flag on a checked-in visit.
 * Watch-list hits, badge numbers and the time arrive in the command; the decider stays pure.
 */
import type { VisitEvent, VisitorDetails } from '../../events/visitors/visit.events.js';
import { assertNever, type Decider } from '../decider.js';
import { DomainError, NotFoundError } from '../domain-error.js';

/** Who acts: the host may act on their own visitors only; `anyHost` for security, kiosk, admin. */
export type VisitActor = { readonly id: string; readonly anyHost: boolean };

export type InviteVisitor = {
  readonly type: 'InviteVisitor';
  readonly visitId: string;
  readonly visitorId: string;
  readonly visitor: VisitorDetails;
  readonly hostId: string;
  readonly purpose: string;
  readonly expectedArrival: string;
  readonly expectedDeparture: string;
  readonly now: Date;
};

export type CheckInVisitor = {
  readonly type: 'CheckInVisitor';
  readonly visitId: string;
  readonly visitorId: string;
  readonly visitor: VisitorDetails;
  readonly hostId: string;
  readonly purpose: string;
  readonly expectedDeparture: string | null;
  readonly badgeNumber: string;
  /** The watch-list entry this visitor matches, or null. */
  readonly watchlistEntryId: string | null;
  readonly now: Date;
};

export type VisitCommand =
  | InviteVisitor
  | CheckInVisitor
  | { readonly type: 'ApproveVisit'; readonly actor: VisitActor; readonly now: Date }
  | { readonly type: 'RejectVisit'; readonly actor: VisitActor; readonly reason: string; readonly now: Date }
  | { readonly type: 'CheckOutVisitor'; readonly actor: VisitActor; readonly now: Date }
  | { readonly type: 'FlagOverstay'; readonly graceMinutes: number; readonly now: Date }
  | { readonly type: 'ExpireInvitation'; readonly now: Date };

type OnSite = {
  readonly visitId: string;
  readonly visitorId: string;
  readonly hostId: string;
  readonly checkedInAt: string;
  readonly expectedDeparture: string | null;
  readonly overstayed: boolean;
};

export type VisitState =
  | { readonly status: 'absent' }
  | ({ readonly status: 'invited' } & Omit<InviteVisitor, 'type' | 'now'>)
  | ({ readonly status: 'pending_approval' | 'checked_in' } & OnSite)
  | { readonly status: 'checked_out' | 'rejected' | 'denied' | 'expired'; readonly hostId: string };

export const visitDecider: Decider<VisitCommand, VisitState, VisitEvent> = {
  initialState: { status: 'absent' },
  decide: (command, state) => {
    switch (command.type) {
      case 'InviteVisitor':
        return invite(command, state);
      case 'CheckInVisitor':
        return checkIn(command, state);
      case 'ApproveVisit': {
        const visit = pending(state, command.actor);
        if (visit === 'already') return [];
        const data = { visitId: visit.visitId, approvedBy: command.actor.id, approvedAt: iso(command.now) };
        return [{ type: 'VisitApproved', data }];
      }
      case 'RejectVisit': {
        const visit = pending(state, command.actor);
        if (visit === 'already') throw new DomainError('VISIT_NOT_PENDING', 'this visit is already approved');
        const { reason, actor, now } = command;
        return [
          {
            type: 'VisitRejected',
            data: { visitId: visit.visitId, reason, rejectedBy: actor.id, rejectedAt: iso(now) },
          },
        ];
      }
      case 'CheckOutVisitor':
        return checkOut(command.actor, command.now, state);
      case 'FlagOverstay':
        return flagOverstay(command.graceMinutes, command.now, state);
      case 'ExpireInvitation':
        if (
          state.status !== 'invited' ||
          command.now.getTime() <= endOfDay(state.expectedDeparture).getTime()
        )
          return [];
        return [{ type: 'InvitationExpired', data: { visitId: state.visitId, expiredAt: iso(command.now) } }];
      default:
        return assertNever(command);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'VisitorInvited': {
        const { invitedAt: _at, ...invitation } = event.data;
        return { status: 'invited', ...invitation };
      }
      case 'VisitorCheckedIn': {
        const d = event.data;
        const status = d.approvalRequired ? 'pending_approval' : 'checked_in';
        const { visitId, visitorId, hostId, checkedInAt, expectedDeparture } = d;
        return { status, visitId, visitorId, hostId, checkedInAt, expectedDeparture, overstayed: false };
      }
      case 'VisitApproved':
        return state.status === 'pending_approval' ? { ...state, status: 'checked_in' } : state;
      case 'VisitOverstayed':
        return state.status === 'checked_in' ? { ...state, overstayed: true } : state;
      case 'VisitRejected':
        return closed('rejected', state);
      case 'VisitorCheckedOut':
        return closed('checked_out', state);
      case 'InvitationExpired':
        return closed('expired', state);
      case 'VisitorDenied':
        return { status: 'denied', hostId: event.data.hostId };
      default:
        return assertNever(event);
    }
  },
};

function invite(command: InviteVisitor, state: VisitState): VisitEvent[] {
  if (state.status !== 'absent') throw new DomainError('VISIT_EXISTS', 'this visit already exists');
  if (Date.parse(command.expectedDeparture) < Date.parse(command.expectedArrival))
    throw new DomainError('DEPARTURE_BEFORE_ARRIVAL', 'the expected departure is before the arrival');
  const { type: _type, now, ...data } = command;
  return [{ type: 'VisitorInvited', data: { ...data, invitedAt: iso(now) } }];
}

function checkIn(command: CheckInVisitor, state: VisitState): VisitEvent[] {
  if (state.status !== 'absent' && state.status !== 'invited')
    throw new DomainError('VISIT_ALREADY_STARTED', 'this visit has already been checked in or closed');
  // An invitation fixes who is visiting whom and why; the kiosk's form only fills gaps.
  const invited = state.status === 'invited' ? state : undefined;
  const base = {
    visitId: command.visitId,
    visitorId: invited?.visitorId ?? command.visitorId,
    visitor: command.visitor,
    hostId: invited?.hostId ?? command.hostId,
  };
  if (command.watchlistEntryId !== null)
    return [
      {
        type: 'VisitorDenied',
        data: { ...base, watchlistEntryId: command.watchlistEntryId, deniedAt: iso(command.now) },
      },
    ];
  const data = {
    ...base,
    purpose: invited?.purpose ?? command.purpose,
    expectedDeparture: invited?.expectedDeparture ?? command.expectedDeparture,
    badgeNumber: command.badgeNumber,
    approvalRequired: invited === undefined,
    checkedInAt: iso(command.now),
  };
  return [{ type: 'VisitorCheckedIn', data }];
}

function pending(state: VisitState, actor: VisitActor): OnSite | 'already' {
  if (state.status === 'absent') throw new NotFoundError('visit not found');
  requireHost(state.hostId, actor);
  if (state.status === 'checked_in') return 'already';
  if (state.status !== 'pending_approval')
    throw new DomainError('VISIT_NOT_PENDING', 'this visit is not waiting for approval');
  return state;
}

function checkOut(actor: VisitActor, now: Date, state: VisitState): VisitEvent[] {
  if (state.status === 'absent') throw new NotFoundError('visit not found');
  requireHost(state.hostId, actor);
  if (state.status !== 'checked_in') throw new DomainError('VISIT_NOT_ACTIVE', 'this visitor is not on site');
  const durationMinutes = Math.max(0, Math.floor((now.getTime() - Date.parse(state.checkedInAt)) / 60_000));
  const { visitId, visitorId, checkedInAt } = state;
  return [
    {
      type: 'VisitorCheckedOut',
      data: { visitId, visitorId, checkedInAt, checkedOutAt: iso(now), durationMinutes },
    },
  ];
}

function flagOverstay(graceMinutes: number, now: Date, state: VisitState): VisitEvent[] {
  if (state.status !== 'checked_in' || state.overstayed || state.expectedDeparture === null) return [];
  if (now.getTime() <= Date.parse(state.expectedDeparture) + graceMinutes * 60_000) return [];
  const { visitId, hostId, expectedDeparture } = state;
  return [{ type: 'VisitOverstayed', data: { visitId, hostId, expectedDeparture, flaggedAt: iso(now) } }];
}

function requireHost(hostId: string, actor: VisitActor): void {
  if (!actor.anyHost && actor.id !== hostId)
    throw new DomainError('NOT_VISIT_HOST', 'only the host (or security) may do this');
}

function closed(status: 'checked_out' | 'rejected' | 'expired', state: VisitState): VisitState {
  return state.status === 'absent' ? state : { status, hostId: state.hostId };
}

const iso = (date: Date) => date.toISOString();

/** The last millisecond (UTC) of the day of `at`: invitations stay valid through the departure day. */
export function endOfDay(at: string): Date {
  const day = new Date(at);
  day.setUTCHours(23, 59, 59, 999);
  return day;
}

export function startOfDay(at: string): Date {
  const day = new Date(at);
  day.setUTCHours(0, 0, 0, 0);
  return day;
}
