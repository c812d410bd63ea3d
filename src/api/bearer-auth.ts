/**
 * Who is calling: only `Authorization: Bearer <JWT>` counts. Identity headers a client or a
 * proxy might send (x-user-id, x-role-id, …) are never read, so they cannot be spoofed.
 */
import type { FastifyRequest } from 'fastify';
import { UnauthorizedError } from './http-errors.js';
import type { AuthUser } from './auth-user.js';
import type { TokenService } from './token-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access check on protected routes, and on public ones when a token was sent. */
    user: AuthUser | null;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

export function hasCredentials(request: FastifyRequest): boolean {
  return request.headers.authorization !== undefined;
}

/** The verified caller, or UnauthorizedError when the header is missing, malformed or the token invalid. */
export async function authenticate(request: FastifyRequest, tokens: TokenService): Promise<AuthUser> {
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (match?.[1] === undefined) throw new UnauthorizedError();
  return tokens.verifyAccessToken(match[1]);
}

/** The caller of a protected route; throws 401 if a route somehow runs without one. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (request.user === null) throw new UnauthorizedError();
  return request.user;
}
