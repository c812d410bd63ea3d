/**
 * Errors the HTTP layer itself raises. Each carries its status and a stable `code`;
 * src/api/problem.ts turns them into problem+json, so routes just throw.
 */

export type FieldError = { readonly path: string; readonly message: string };

export abstract class HttpError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(detail);
    this.name = new.target.name;
  }
}

/** Missing, malformed, expired or otherwise unverifiable bearer token (401). */
export class UnauthorizedError extends HttpError {
  readonly status = 401;
  constructor(detail = 'A valid bearer token is required.') {
    super('UNAUTHORIZED', detail);
  }
}

/** Authenticated, but none of the caller's roles may do this (403). */
export class ForbiddenError extends HttpError {
  readonly status = 403;
  constructor(detail = 'Your roles do not allow this request.') {
    super('FORBIDDEN', detail);
  }
}

/** Input a schema could not express, e.g. a header; `errors` names each bad field (400). */
export class ValidationError extends HttpError {
  readonly status = 400;
  constructor(readonly errors: readonly FieldError[]) {
    super('VALIDATION_FAILED', 'The request is invalid; see errors.');
  }
}

/** The input is well formed but cannot be processed, e.g. NO_FACE in an image (422). */
export class UnprocessableError extends HttpError {
  readonly status = 422;
}

/** A dependency is down or behind, e.g. PROJECTION_LAGGING (503). */
export class ServiceUnavailableError extends HttpError {
  readonly status = 503;
  constructor(
    code: string,
    detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(code, detail);
  }
}

/** Too many requests from one client on a rate-limited route (429). */
export class RateLimitedError extends HttpError {
  readonly status = 429;
  constructor() {
    super('RATE_LIMITED', 'Too many requests; retry after the time given in Retry-After.');
  }
}
