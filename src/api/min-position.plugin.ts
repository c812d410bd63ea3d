/**
 * Read-your-writes: a query sent with `X-Min-Position: <position>` (from a command's answer)
 * waits until the read models have processed that position, or answers 503
 * PROJECTION_LAGGING after the configured wait. Every GET under /api honours it; a route can
 * opt out or in with `config: { minPosition: false | true }`. A route that names the read
 * models it reads (`config: { readModels: ['visits', 'users'] }`, projector names) waits for
 * those alone; otherwise for all.
 */
import type { FastifyRequest, preHandlerAsyncHookHandler, RouteOptions } from 'fastify';
import { ServiceUnavailableError, ValidationError } from './http-errors.js';
import { asArray } from './route-options.js';
import { sharedPlugin } from './shared-plugin.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    minPosition?: boolean;
    /** The projectors whose read models the route reads (default: all). */
    readModels?: readonly string[];
  }
}

export type MinPositionOptions = {
  waitForPosition: (position: bigint, timeoutMs: number, readModels?: readonly string[]) => Promise<boolean>;
  waitMs: number;
  /** The projectors there are: a route naming another fails at start. Unchecked when absent. */
  readModels?: readonly string[];
};

const MAX_POSITION = 2n ** 64n - 1n;

export const minPositionPlugin = sharedPlugin('min-position', (app, options: MinPositionOptions) => {
  const known = options.readModels === undefined ? undefined : new Set(options.readModels);
  app.addHook('onRoute', (route) => {
    if (!honoursMinPosition(route)) return;
    const readModels = route.config?.readModels;
    const unknown = readModels?.filter((name) => known !== undefined && !known.has(name)) ?? [];
    if (unknown.length > 0)
      throw new Error(
        `${String(route.method)} ${route.url} reads unknown read models: ${unknown.join(', ')}`,
      );
    // First, so any preHandler a module adds already reads caught-up models.
    route.preHandler = [waitForMinPosition(options, readModels), ...asArray(route.preHandler)];
  });
});

function honoursMinPosition(route: RouteOptions): boolean {
  return route.config?.minPosition ?? (route.method === 'GET' && route.url.startsWith('/api/'));
}

function waitForMinPosition(
  options: MinPositionOptions,
  readModels: readonly string[] | undefined,
): preHandlerAsyncHookHandler {
  return async (request) => {
    const position = minPositionFrom(request);
    if (position === undefined) return;
    if (await options.waitForPosition(position, options.waitMs, readModels)) return;
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
