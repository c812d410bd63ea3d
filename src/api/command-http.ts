/**
 * The HTTP side of commands (API.md §Conventions): the answer carries the stream revision as
 * `ETag` and in the body with the global `position` (bigints in our code, decimal strings on
 * the wire); `If-Match` becomes the expected revision; `Idempotency-Key` is read and checked.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ValidationError } from './http-errors.js';

export type CommandResult = { readonly id: string; readonly revision: bigint; readonly position: bigint };

/** The body a command answers with: the result's own fields, revision and position as strings. */
export type CommandBody<R extends CommandResult> = Omit<R, 'revision' | 'position'> & {
  readonly revision: string;
  readonly position: string;
};

export type CommandReplyOptions = { readonly status: 200 | 201 | 202; readonly location?: string };

/** The response schema of a command; pass extra fields for commands that answer more. */
export function commandResponseSchema<Extra extends z.ZodRawShape = Record<never, never>>(extra?: Extra) {
  return z.object({
    id: z.string(),
    revision: z.string().describe('Stream revision, also sent as the ETag'),
    position: z.string().describe('Global log position; send it as X-Min-Position to read your write'),
    ...(extra ?? ({} as Extra)),
  });
}

/** Sets status, ETag (and Location) and returns the body for the route to return. */
export function commandReply<R extends CommandResult>(
  reply: FastifyReply,
  result: R,
  options: CommandReplyOptions,
): CommandBody<R> {
  reply.code(options.status).header('etag', `"${result.revision}"`);
  if (options.location !== undefined) reply.header('location', options.location);
  return { ...result, revision: result.revision.toString(), position: result.position.toString() };
}

// An entity tag ("5", W/"5") or, leniently, the bare revision (5).
const IF_MATCH = /^(?:(?:W\/)?"(\d{1,20})"|(\d{1,20}))$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The stream revision from `If-Match` (`"5"`, `5` or `W/"5"`), undefined when absent, 400 when malformed. */
export function expectedRevisionFrom(request: FastifyRequest): bigint | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined) return undefined;
  const match = IF_MATCH.exec(raw.trim());
  const digits = match?.[1] ?? match?.[2];
  if (digits === undefined) {
    throw new ValidationError([{ path: 'headers.if-match', message: 'Must be one ETag such as "5".' }]);
  }
  return BigInt(digits);
}

/** The `Idempotency-Key` header, undefined when absent, 400 unless 1..200 visible ASCII characters. */
export function idempotencyKeyFrom(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !IDEMPOTENCY_KEY.test(raw)) {
    throw new ValidationError([
      { path: 'headers.idempotency-key', message: 'Must be 1 to 200 visible ASCII characters.' },
    ]);
  }
  return raw;
}
