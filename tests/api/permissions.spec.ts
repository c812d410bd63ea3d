/**
 * The permission table against the routes actually registered: every route has an entry,
 * only the routes listed below are public, and every other route refuses an anonymous call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes } from '../../src/api/access.plugin.js';
import type { ApiInstance, ApiModule } from '../../src/api/app-deps.js';
import { accessFor, isAllowed, mergePermissions, PERMISSIONS } from '../../src/api/permissions.js';
import { testModule } from '../support/api-test-module.js';
import { buildTestApp } from '../support/api-test-app.js';

/** Adding a public route means adding it here too, on purpose. */
const EXPECTED_PUBLIC = [
  'OPTIONS *',
  'GET /health',
  'GET /docs',
  'GET /docs/json',
  'GET /docs/yaml',
  'GET /docs/static/index.html',
  'GET /docs/static/swagger-initializer.js',
  'GET /docs/static/*',
  'POST /api/auth/login',
  'POST /api/test/public-echo',
];

let app: ApiInstance;

beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const table = mergePermissions(PERMISSIONS, [testModule]);
const nonHead = () => registeredRoutes(app).filter((route) => route.method !== 'HEAD');

describe('the permission table', () => {
  it('has an entry for every registered route, and the route got exactly that rule', () => {
    const routes = registeredRoutes(app);
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      expect(accessFor(table, route.method, route.url), `${route.method} ${route.url}`).toEqual(route.access);
    }
  });

  it('makes public only the routes listed as public', () => {
    const publicRoutes = nonHead()
      .filter((route) => route.access === 'public')
      .map((route) => `${route.method} ${route.url}`);
    const publicEntries = Object.entries(table)
      .filter(([, access]) => access === 'public')
      .map(([key]) => key)
      .filter((key) => !key.startsWith('HEAD '));
    expect(publicRoutes.every((key) => EXPECTED_PUBLIC.includes(key))).toBe(true);
    expect(publicEntries.sort()).toEqual([...EXPECTED_PUBLIC].sort());
  });

  it('refuses an anonymous call on every non-public route', async () => {
    const protectedRoutes = registeredRoutes(app).filter((route) => route.access !== 'public');
    expect(protectedRoutes.length).toBeGreaterThan(0);
    for (const route of protectedRoutes) {
      const url = route.url.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const response = await app.inject({ method: route.method as 'GET', url });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });
});

describe('fail-closed startup', () => {
  const unlisted: ApiModule = {
    name: 'unlisted',
    permissions: {},
    routes: (scope) => {
      scope.get('/api/unlisted', () => ({ secret: true }));
    },
  };

  it('refuses to build an app with a route missing from the table', async () => {
    await expect(buildTestApp({ modules: [unlisted] })).rejects.toThrow(
      /No permission entry for GET \/api\/unlisted/,
    );
  });

  it('refuses a module redefining an existing entry', async () => {
    const clash: ApiModule = {
      ...unlisted,
      permissions: { 'GET /api/auth/me': 'public' },
      routes: () => {},
    };
    await expect(buildTestApp({ modules: [clash] })).rejects.toThrow(/already defined/);
  });

  it('refuses a malformed key', () => {
    expect(() => mergePermissions(PERMISSIONS, [{ name: 'x', permissions: { '/api/x': 'public' } }])).toThrow(
      /malformed/,
    );
  });
});

describe('isAllowed', () => {
  it('grants listed roles, admin everywhere, auditor on reads only', () => {
    expect(isAllowed(['security'], ['security'], 'POST')).toBe(true);
    expect(isAllowed(['security'], ['employee'], 'POST')).toBe(false);
    expect(isAllowed(['security'], ['admin'], 'DELETE')).toBe(true);
    expect(isAllowed(['security'], ['auditor'], 'GET')).toBe(true);
    expect(isAllowed(['security'], ['auditor'], 'POST')).toBe(false);
    expect(isAllowed('authenticated', ['kiosk'], 'GET')).toBe(true);
  });
});
