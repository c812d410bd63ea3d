/**
 * What a route hands the command layer about the request: who acts, when, and the ids that
 * tie the resulting events to this request (correlation, causation, request id).
 */
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { IdempotencyStore } from '../commands/idempotency.js';
import type { CommandContext } from '../events/envelope.js';
import { UnauthorizedError } from './http-errors.js';
import { idempotencyKeyFrom } from './command-http.js';

const CORRELATION_ID = /^[\w.:-]{1,100}$/;

export function commandContext(request: FastifyRequest, now = new Date()): CommandContext {
  const user = request.user;
  if (user === null) throw new UnauthorizedError();
  const header = request.headers['x-correlation-id'];
  const correlationId = typeof header === 'string' && CORRELATION_ID.test(header) ? header : request.id;
  return {
    actor: { userId: user.id, roles: user.roles },
    now,
    correlationId,
    causationId: null,
    requestId: request.id,
  };
}

/**
 * Runs a command route's work once per `Idempotency-Key` (per user): a retry with the same
 * key and body gets the first answer; the same key with another body is refused. The work's
 * result is what is kept, so it must hold ids, never personal data.
 */
export async function idempotent<T>(
  request: FastifyRequest,
  store: IdempotencyStore,
  work: () => Promise<T>,
): Promise<T> {
  const key = idempotencyKeyFrom(request);
  if (key === undefined) return work();
  const fingerprint = createHash('sha256')
    .update(
      `${request.method} ${request.routeOptions.url ?? request.url}\n${JSON.stringify(request.params)}\n`,
    )
    .update(JSON.stringify(request.body ?? null))
    .digest('hex');
  return store.run({ scope: request.user?.id ?? 'anonymous', key, fingerprint }, work);
}
