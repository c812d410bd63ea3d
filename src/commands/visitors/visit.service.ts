/**
 * Visitor use cases over the event log: invitations, walk-in tokens and check-in. A token
 * is spent first (its stream's expected revision decides races), then the visit is decided;
 * the host or security is notified after the visit is written, never inside the decision.
 */
import { userStream } from '../../events/auth/user.events.js';
import type { CommandContext } from '../../events/envelope.js';
import { newId } from '../new-id.js';
import { visitStream, type VisitorDetails } from '../../events/visitors/visit.events.js';
import { fold } from '../decider.js';
import { DomainError } from '../domain-error.js';
import { handleCommand, type CommandResult } from '../handle-command.js';
import { assignBadgeNumber } from './badge-number.service.js';
import { notifyVisit } from './notify.service.js';
import { endOfDay, startOfDay, visitDecider } from './visit.decider.js';
import { issueToken, readToken, useToken, type IssuedToken } from './visit-token.service.js';
import { checkToken } from './visit-token.decider.js';
import type { VisitorDeps } from './visitor-deps.js';

export type NewInvitation = {
  readonly visitor: VisitorDetails;
  readonly hostId: string;
  readonly purpose: string;
  readonly expectedArrival: string;
  readonly expectedDeparture: string;
};

export async function inviteVisitor(
  deps: VisitorDeps,
  input: NewInvitation,
  context: CommandContext,
): Promise<IssuedToken & { visitId: string }> {
  await requireHost(deps, input.hostId);
  const visitId = newId();
  const { expectedArrival, expectedDeparture } = input;
  await handleCommand(
    deps.log,
    visitStream.name(visitId),
    visitDecider,
    {
      type: 'InviteVisitor',
      visitId,
      visitorId: newId(),
      ...input,
      expectedArrival: new Date(expectedArrival).toISOString(),
      expectedDeparture: new Date(expectedDeparture).toISOString(),
      now: context.now,
    },
    context,
  );
  const validFrom = startOfDay(expectedArrival);
  const issued = await issueToken(
    deps.log,
    { kind: 'invitation', visitId, validFrom, validUntil: endOfDay(expectedDeparture) },
    context,
  );
  return { ...issued, visitId };
}

export async function generateWalkInToken(deps: VisitorDeps, context: CommandContext): Promise<IssuedToken> {
  const validUntil = new Date(context.now.getTime() + deps.settings.walkInTokenMinutes * 60_000);
  return issueToken(
    deps.log,
    { kind: 'walk_in', visitId: null, validFrom: context.now, validUntil },
    context,
  );
}

export type CheckIn = {
  readonly token?: string | undefined;
  readonly visitor: VisitorDetails;
  readonly hostId: string;
  readonly purpose: string;
  readonly expectedDeparture?: string | undefined;
};

export type CheckInOutcome = CommandResult & {
  readonly visitId: string;
  readonly visitorId: string;
  readonly status: 'checked_in' | 'pending_approval' | 'denied';
  readonly badgeNumber: string | null;
};

export async function checkInVisitor(
  deps: VisitorDeps,
  input: CheckIn,
  context: CommandContext,
): Promise<CheckInOutcome> {
  const { visitId, tokenSpent } = await visitFor(deps, input.token, context.now);
  // A walk-in without a token gets a new visit id here, so there is no stream to read.
  const isNew = input.token === undefined;
  const state = isNew ? visitDecider.initialState : await readVisit(deps, visitId);
  if (state.status === 'absent') await requireHost(deps, input.hostId);
  const watchlistEntryId = await deps.lookups.watchlistHit(input.visitor);
  if (input.token !== undefined && !tokenSpent) await useToken(deps.log, input.token, visitId, context);
  const badgeNumber = watchlistEntryId === null ? await assignBadgeNumber(deps.log, visitId, context) : '';
  const result = await handleCommand(
    deps.log,
    visitStream.name(visitId),
    visitDecider,
    {
      type: 'CheckInVisitor',
      visitId,
      visitorId: newId(),
      visitor: input.visitor,
      hostId: input.hostId,
      purpose: input.purpose,
      expectedDeparture:
        input.expectedDeparture === undefined ? null : new Date(input.expectedDeparture).toISOString(),
      badgeNumber,
      watchlistEntryId,
      now: context.now,
    },
    context,
    { newStream: isNew },
  );
  const event = result.events[0]!;
  if (event.type !== 'VisitorDenied' && event.type !== 'VisitorCheckedIn')
    throw new Error(`unexpected ${event.type}`);
  const notice = { visitId, visitorId: event.data.visitorId, visitor: input.visitor };
  if (event.type === 'VisitorDenied') {
    await notifyVisit(deps, { ...notice, kind: 'watchlist_hit', recipient: 'security' }, context);
    return { ...result, ...notice, status: 'denied', badgeNumber: null };
  }
  const pending = event.data.approvalRequired;
  const kind = pending ? 'approval_request' : 'arrival';
  await notifyVisit(deps, { ...notice, kind, recipient: event.data.hostId, badgeNumber }, context);
  return { ...result, ...notice, status: pending ? 'pending_approval' : 'checked_in', badgeNumber };
}

/** A spent token whose visit is still not checked in this long after was stranded by a stop. */
const STRANDED_AFTER_MS = 30_000;

/**
 * The visit a check-in is for: the invitation's, or a new one for a walk-in. A token spent
 * on a visit that never checked in (the process stopped between the two appends) lets the
 * check-in finish on a retry instead of stranding the visitor with TOKEN_USED; a check-in
 * still in flight (spent moments ago) keeps the token refused, so racing check-ins stay one.
 */
async function visitFor(
  deps: VisitorDeps,
  token: string | undefined,
  now: Date,
): Promise<{ readonly visitId: string; readonly tokenSpent: boolean }> {
  if (token === undefined) return { visitId: newId(), tokenSpent: false };
  const state = await readToken(deps.log, token);
  const check = checkToken(state, now);
  if (
    state.status === 'used' &&
    state.visitId !== null &&
    state.usedAt !== undefined &&
    now.getTime() - Date.parse(state.usedAt) > STRANDED_AFTER_MS
  ) {
    const visit = await readVisit(deps, state.visitId);
    if (visit.status === 'absent' || visit.status === 'invited')
      return { visitId: state.visitId, tokenSpent: true };
  }
  if (check !== 'valid')
    throw new DomainError(`TOKEN_${check.toUpperCase()}`, `this token is ${check.replace(/_/g, ' ')}`);
  const visitId = state.status !== 'absent' && state.visitId !== null ? state.visitId : newId();
  return { visitId, tokenSpent: false };
}

async function readVisit(deps: VisitorDeps, visitId: string) {
  return fold(visitDecider, (await deps.log.readStream(visitStream.name(visitId))) as never);
}

// Hosts seen in each log. A user's stream is never removed (erasure shreds keys, not
// events), so a host found once stays found; unknown ids are asked again every time.
const knownHosts = new WeakMap<object, Set<string>>();

// Checked against the log, not a read model, so a host registered a moment ago counts.
async function requireHost(deps: VisitorDeps, hostId: string): Promise<void> {
  let known = knownHosts.get(deps.log);
  if (known?.has(hostId) === true) return;
  if ((await deps.log.readStream(userStream.name(hostId), { maxCount: 1 })).length === 0)
    throw new DomainError('UNKNOWN_HOST', 'there is no user with this host id');
  if (known === undefined) knownHosts.set(deps.log, (known = new Set()));
  if (known.size >= 10_000) known.clear();
  known.add(hostId);
}

export type TokenDescription = {
  readonly check: ReturnType<typeof checkToken>;
  readonly kind?: 'invitation' | 'walk_in';
  readonly expiresAt?: string;
  readonly invitation?: {
    readonly invitationId: string;
    readonly hostId: string;
    readonly purpose: string;
    readonly expectedArrival: string | null;
    readonly expectedDeparture: string | null;
  };
};

/** What a kiosk may learn from a token before check-in: valid or why not, and the invitation's host and purpose. */
export async function describeToken(deps: VisitorDeps, token: string, now: Date): Promise<TokenDescription> {
  const state = await readToken(deps.log, token);
  const check = checkToken(state, now);
  if (state.status === 'absent' || check !== 'valid') return { check };
  const base = { check, kind: state.kind, expiresAt: state.validUntil };
  if (state.visitId === null) return base;
  const visit = fold(visitDecider, (await deps.log.readStream(visitStream.name(state.visitId))) as never);
  if (visit.status !== 'invited') return base;
  const { visitId, hostId, purpose, expectedArrival, expectedDeparture } = visit;
  return {
    ...base,
    invitation: { invitationId: visitId, hostId, purpose, expectedArrival, expectedDeparture },
  };
}
