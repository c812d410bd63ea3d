/**
 * Read-your-writes: a query sent with `X-Min-Position: <position>` (from a command's answer)
 * waits until the read models have processed that position, or answers 503
 * PROJECTION_LAGGING after the configured wait. Every GET under /api honours it; a route can
 * opt out or in with `config: { minPosition: false | true }`.
 */
import type { FastifyRequest, preHandlerAsyncHookHandler, RouteOptions } from 'fastify';
import { ServiceUnavailableError, ValidationError } from './http-errors.js';
import { asArray } from './route-options.js';
import { sharedPlugin } from './shared-plugin.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    minPosition?: boolean;
  }
}

export type MinPositionOptions = {
  waitForPosition: (position: bigint, timeoutMs: number) => Promise<boolean>;
  waitMs: number;
};

const MAX_POSITION = 2n ** 64n - 1n;

export const minPositionPlugin = sharedPlugin('min-position', (app, options: MinPositionOptions) => {
  app.addHook('onRoute', (route) => {
    if (!honoursMinPosition(route)) return;
    // First, so any preHandler a module adds already reads caught-up models.
    route.preHandler = [waitForMinPosition(options), ...asArray(route.preHandler)];
  });
});

function honoursMinPosition(route: RouteOptions): boolean {
  return route.config?.minPosition ?? (route.method === 'GET' && route.url.startsWith('/api/'));
}

function waitForMinPosition(options: MinPositionOptions): preHandlerAsyncHookHandler {
  return async (request) => {
    const position = minPositionFrom(request);
    if (position === undefined) return;
    if (await options.waitForPosition(position, options.waitMs)) return;
    throw new ServiceUnavailableError(
      'PROJECTION_LAGGING',
      'The read models have not reached the requested position yet; retry shortly.',
      1,
    );
  };
}

/** The X-Min-Position header as a bigint, undefined when absent, 400 when malformed. */
export function minPositionFrom(request: FastifyRequest): bigint | undefined {
  const raw = request.headers['x-min-position'];
  if (raw === undefined) return undefined;
  const position = typeof raw === 'string' && /^\d{1,20}$/.test(raw.trim()) ? BigInt(raw.trim()) : -1n;
  if (position < 0n || position > MAX_POSITION) {
    throw new ValidationError([
      { path: 'headers.x-min-position', message: 'Must be a log position (a non-negative integer).' },
    ]);
  }
  return position;
}
