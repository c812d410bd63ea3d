/**
 * Request ids: a caller's (or the load balancer's) `x-request-id` is kept when it looks
 * like an id, so one request can be followed across services; anything else, including
 * values that could forge log lines, is replaced by a fresh uuid. The id is echoed back and
 * appears in every log line and problem answer.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function genReqId(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
}

export function echoRequestId(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
): void {
  reply.header('x-request-id', request.id);
  done(null, payload);
}
