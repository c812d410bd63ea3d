/**
 * Enforces the permission table on every route. At `onRoute` time each route is looked up
 * (missing → startup fails) and gets, in order: its rate limiter (public routes always,
 * others if they configure one), then the access check. Rate limiting first means a
 * flood of bad tokens on a public route is throttled before any signature is verified.
 * Routes may set `config.rateLimit` ({ max, timeWindow } or false) to override the default.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import { authenticate, hasCredentials } from './bearer-auth.js';
import { ForbiddenError, RateLimitedError } from './http-errors.js';
import { accessFor, isAllowed, type Access, type PermissionTable } from './permissions.js';
import { asArray, methodsOf } from './route-options.js';
import { sharedPlugin } from './shared-plugin.js';
import type { TokenService } from './token-service.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Filled in from the permission table; the OpenAPI transform reads it to mark public operations. */
    access?: Access;
  }
}

export type RegisteredRoute = { readonly method: string; readonly url: string; readonly access: Access };

export type AccessOptions = {
  table: PermissionTable;
  tokens: TokenService;
  publicRateLimit: { max: number; timeWindowMs: number };
};

const routesByApp = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route registered so far with the access rule it got (HEAD twins of GET routes included). */
export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  return routesByApp.get(app) ?? [];
}

export const accessPlugin = sharedPlugin('access', async (app, options: AccessOptions) => {
  const routes: RegisteredRoute[] = [];
  routesByApp.set(app, routes);
  app.decorateRequest('user', null);

  app.addHook('onRoute', function (route) {
    const access = routeAccess(options.table, route);
    for (const method of methodsOf(route)) routes.push({ method, url: route.url, access });
    const limiter = rateLimiterFor(this, route, access, options.publicRateLimit);
    // The route's own rateLimit config is consumed here; `false` keeps the plugin from adding a second one.
    route.config = { ...route.config, access, rateLimit: false };
    route.onRequest = [...limiter, accessCheck(access, options.tokens), ...asArray(route.onRequest)];
  });

  // Registered after the hook above, so a route's rateLimit config is already consumed
  // (set to false) when the plugin's own onRoute hook looks at it.
  await app.register(rateLimit, { global: false, errorResponseBuilder: () => new RateLimitedError() });
});

function routeAccess(table: PermissionTable, route: RouteOptions): Access {
  const accesses = methodsOf(route).map((method) => accessFor(table, method, route.url));
  const [first] = accesses;
  if (first === undefined || accesses.some((access) => access === undefined)) {
    throw new Error(
      `No permission entry for ${methodsOf(route).join('|')} ${route.url} (src/api/permissions.ts)`,
    );
  }
  if (accesses.some((access) => JSON.stringify(access) !== JSON.stringify(first))) {
    throw new Error(`Route ${route.url} serves several methods with different permissions; split it`);
  }
  return first;
}

function rateLimiterFor(
  app: FastifyInstance,
  route: RouteOptions,
  access: Access,
  defaults: AccessOptions['publicRateLimit'],
): onRequestAsyncHookHandler[] {
  const own = route.config?.rateLimit;
  if (own === false) return [];
  if (own !== undefined) return [app.rateLimit(own)];
  // Preflights precede authenticated calls too; limiting them would throttle logged-in users.
  if (access !== 'public' || route.method === 'OPTIONS') return [];
  return [app.rateLimit({ max: defaults.max, timeWindow: defaults.timeWindowMs })];
}

function accessCheck(access: Access, tokens: TokenService): onRequestAsyncHookHandler {
  return async (request) => {
    if (access === 'public') {
      // A public route may still act on who is calling (a kiosk checking a visitor in).
      if (hasCredentials(request)) request.user = await authenticate(request, tokens);
      return;
    }
    request.user = await authenticate(request, tokens);
    if (!isAllowed(access, request.user.roles, request.method)) throw new ForbiddenError();
  };
}
