/**
 * Who may see and act on which visits (API.md §Visitors): security, kiosks and admins act
 * for any host; an employee only for their own visitors. Reads by admin, security, kiosk,
 * auditor and safety officer (the roll call) see every visit the route allows them; anyone
 * else sees only the visits they host.
 */
import type { FastifyRequest } from 'fastify';
import type { VisitActor } from '../../commands/visitors/visit-lifecycle.service.js';
import type { TokenTarget } from '../../commands/visitors/visit-token.service.js';
import { DomainError } from '../../commands/domain-error.js';
import type { CommandContext } from '../../events/envelope.js';
import type { AuthUser } from '../auth-user.js';
import { ForbiddenError, HttpError, UnauthorizedError } from '../http-errors.js';
import { commandContext } from '../command-context.js';

/** A visit-specific 403 with its own code (VISITOR_ON_WATCHLIST, NOT_VISIT_HOST). */
export class VisitForbiddenError extends HttpError {
  readonly status = 403;
}

/** A visitors 404 with its own code (TOKEN_UNKNOWN). */
export class VisitNotFoundError extends HttpError {
  readonly status = 404;
}

const ACTS_FOR_ANY_HOST = ['admin', 'security', 'kiosk'] as const;
// Kiosks print passes and look visits up for any host; the permission table keeps them off history lists.
const SEES_ALL = ['admin', 'security', 'kiosk', 'auditor', 'safety_officer'] as const;

export function currentUser(request: FastifyRequest): AuthUser {
  if (request.user === null) throw new UnauthorizedError();
  return request.user;
}

export function visitActor(request: FastifyRequest): VisitActor {
  const user = currentUser(request);
  return {
    id: user.id,
    anyHost: user.roles.some((r) => (ACTS_FOR_ANY_HOST as readonly string[]).includes(r)),
  };
}

/** The host id a read is restricted to: undefined for those who see all visits. */
export function ownHostFilter(request: FastifyRequest): string | undefined {
  const user = currentUser(request);
  return user.roles.some((r) => (SEES_ALL as readonly string[]).includes(r)) ? undefined : user.id;
}

export function mayActForAnyHost(request: FastifyRequest): boolean {
  return request.user !== null && visitActor(request).anyHost;
}

/** A command context for a public route: the caller if one is signed in, else the visitor's kiosk flow. */
export function publicContext(request: FastifyRequest): CommandContext {
  if (request.user !== null) return commandContext(request);
  return {
    actor: { system: 'visitor-self-checkin' },
    now: new Date(),
    correlationId: request.id,
    causationId: null,
    requestId: request.id,
  };
}

/** Runs a visit command, turning the decider's NOT_VISIT_HOST refusal into a 403. */
export async function asHost<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'NOT_VISIT_HOST')
      throw new VisitForbiddenError(
        'NOT_VISIT_HOST',
        'Only the host (or security) may do this for this visit.',
      );
    throw error;
  }
}

/**
 * Who may revoke a token: security and admins any; kiosks walk-in tokens (any kiosk's); an
 * invitation's token also its host. Kiosks act for any host elsewhere, but an invitation
 * is the host's arrangement, so a kiosk may not cancel it.
 */
export function requireTokenRevoker(request: FastifyRequest, target: TokenTarget): void {
  const { id, roles } = currentUser(request);
  if (roles.includes('admin') || roles.includes('security')) return;
  if (target.kind === 'walk_in') {
    if (roles.includes('kiosk')) return;
    throw new ForbiddenError('Only kiosks and security may revoke walk-in tokens.');
  }
  if (target.hostId !== id)
    throw new VisitForbiddenError('NOT_VISIT_HOST', 'Only the host (or security) may revoke this token.');
}
