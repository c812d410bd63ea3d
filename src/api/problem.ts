/**
 * The one place errors become HTTP answers: RFC 9457 `application/problem+json` with a
 * stable `code` and the request id. Only messages written for clients (domain errors, our
 * HTTP errors) reach the body; anything unexpected is logged and answered with a generic
 * 500, so no stack trace, SQL or personal data can leak. Validation messages come from the
 * schemas and name the field, never the value sent.
 */
import { InvalidCursorError } from '../queries/pagination.js';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';
import {
  ConcurrencyError,
  DomainError,
  IdempotencyError,
  NotFoundError,
  PreconditionFailedError,
} from '../commands/domain-error.js';
import { HttpError, ServiceUnavailableError, UnauthorizedError, ValidationError } from './http-errors.js';
import type { FieldError } from './http-errors.js';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export type Problem = z.infer<typeof problemSchema>;

type ProblemSpec = {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
};

const INTERNAL: ProblemSpec = {
  status: 500,
  code: 'INTERNAL',
  detail: 'Something went wrong on our side. Quote the requestId when reporting it.',
};

const FASTIFY_ERRORS: Readonly<Record<string, ProblemSpec>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    detail: 'The body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'MALFORMED_JSON',
    detail: 'The body is empty but its content type says JSON.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    detail: 'The body is larger than this route accepts.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'This route does not accept that content type.',
  },
};

/** A tag URI (RFC 4151): a stable identifier per code, not a page anyone has to host. */
export function problemType(code: string): string {
  return `tag:craft-rm,2026:problems/${code.toLowerCase().replaceAll('_', '-')}`;
}

export function errorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const spec = describeError(error);
  if (spec === INTERNAL) request.log.error({ err: loggableError(error) }, 'request failed');
  else if (spec.status >= 500) request.log.warn({ code: spec.code }, 'dependency unavailable');
  // A failure after a command succeeded must not look like one.
  reply.removeHeader('etag');
  reply.removeHeader('location');
  if (error instanceof UnauthorizedError) reply.header('www-authenticate', 'Bearer');
  if (error instanceof ServiceUnavailableError && error.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(error.retryAfterSeconds));
  }
  return sendProblem(reply, request, spec);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // The URL is not echoed: query strings can carry personal data.
  return sendProblem(reply, request, {
    status: 404,
    code: 'ROUTE_NOT_FOUND',
    detail: 'No route matches this method and path.',
  });
}

/**
 * Name, code and stack only: drivers hang the SQL text and bound values on their errors as
 * extra properties (mysql2's `sql`, knex's `bindings`), which pino would log verbatim.
 */
export function loggableError(error: unknown): { type: string; code?: string; stack?: string } {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack === undefined ? {} : { stack: error.stack }),
  };
}

function sendProblem(reply: FastifyReply, request: FastifyRequest, spec: ProblemSpec): FastifyReply {
  const problem: Problem = {
    type: problemType(spec.code),
    title: STATUS_CODES[spec.status] ?? 'Error',
    status: spec.status,
    code: spec.code,
    detail: spec.detail,
    requestId: request.id,
    ...(spec.errors === undefined ? {} : { errors: [...spec.errors] }),
  };
  // Sent pre-serialized so a route's response schema never tries to shape an error.
  return reply
    .code(spec.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(problem));
}

function describeError(error: FastifyError): ProblemSpec {
  return fromValidation(error) ?? fromKnownClass(error) ?? fromFastify(error) ?? INTERNAL;
}

function fromValidation(error: FastifyError): ProblemSpec | undefined {
  if (error instanceof ValidationError) {
    return { status: 400, code: error.code, detail: error.message, errors: error.errors };
  }
  if (error instanceof InvalidCursorError) {
    const errors = [{ path: 'querystring.cursor', message: error.message }];
    return { status: 400, code: 'VALIDATION_FAILED', detail: 'The request is invalid; see errors.', errors };
  }
  if (!Array.isArray(error.validation)) return undefined;
  const context = error.validationContext ?? 'request';
  const errors = error.validation.map((issue) => ({
    path: [context, ...issue.instancePath.split('/').filter((part) => part !== '')].join('.'),
    message: issue.message ?? 'Invalid value.',
  }));
  return { status: 400, code: 'VALIDATION_FAILED', detail: 'The request is invalid; see errors.', errors };
}

function fromKnownClass(error: Error): ProblemSpec | undefined {
  if (error instanceof HttpError) return { status: error.status, code: error.code, detail: error.message };
  if (error instanceof DomainError) return { status: 409, code: error.code, detail: error.message };
  if (error instanceof NotFoundError) return { status: 404, code: error.code, detail: error.message };
  if (error instanceof PreconditionFailedError)
    return { status: 412, code: error.code, detail: error.message };
  if (error instanceof ConcurrencyError) return { status: 409, code: error.code, detail: error.message };
  if (error instanceof IdempotencyError) {
    const status = error.code === 'IDEMPOTENCY_KEY_REUSED' ? 422 : 409;
    return { status, code: error.code, detail: error.message };
  }
  return undefined;
}

/** Fastify's own client errors (bad JSON, size, media type, bad URL); their messages are replaced by ours. */
function fromFastify(error: FastifyError): ProblemSpec | undefined {
  const known = FASTIFY_ERRORS[error.code];
  if (known !== undefined) return known;
  const status = error.statusCode;
  if (status === undefined || status < 400 || status >= 500) return undefined;
  const code = (STATUS_CODES[status] ?? 'BAD_REQUEST').toUpperCase().replace(/[^A-Z]+/g, '_');
  return { status, code, detail: 'The request could not be processed as sent.' };
}
