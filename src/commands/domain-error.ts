/**
 * The errors a command can end in. Each has a stable `code`; the API maps the classes to
 * status codes in one place (src/api/problem.ts), so deciders never think in HTTP.
 */

/** A business rule refused the command (409). `code` names the rule, e.g. VISIT_NOT_ACTIVE. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The entity the command is about does not exist (404). */
export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** The client's If-Match revision is not the stream's current one (412). */
export class PreconditionFailedError extends Error {
  readonly code = 'PRECONDITION_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'PreconditionFailedError';
  }
}

/** Retries on concurrency conflicts ran out (409). */
export class ConcurrencyError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'ConcurrencyError';
  }
}

/** An Idempotency-Key was reused for a different request (422), or its first use is still running (409). */
export class IdempotencyError extends Error {
  constructor(
    readonly code: 'IDEMPOTENCY_KEY_REUSED' | 'IDEMPOTENCY_IN_PROGRESS',
    message: string,
  ) {
    super(message);
    this.name = 'IdempotencyError';
  }
}
