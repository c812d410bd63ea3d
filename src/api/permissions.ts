/**
 * THE permission table (API.md §Roles): every route, keyed 'METHOD /url' with Fastify's
 * `:param` form, is either 'public', 'authenticated' (any role) or a list of roles.
 * A route missing from the table makes startup fail (src/api/access.plugin.ts), so nothing
 * ships unguarded. Two grants are implicit, as API.md says: `admin` may call every
 * non-public route, and `auditor` (read-only everywhere) every non-public GET.
 * Feature modules contribute their own entries through `ApiModule.permissions`.
 */
import type { Role } from '../events/auth/roles.js';

export type Access = 'public' | 'authenticated' | readonly Role[];

export type PermissionTable = Readonly<Record<string, Access>>;

export const PERMISSIONS: PermissionTable = {
  'GET /health': 'public',

  // Swagger UI and the OpenAPI document: the contract is no secret.
  'GET /docs': 'public',
  // Fastify registers the HEAD twin of the UI's index under the trailing-slash path.
  'HEAD /docs/': 'public',
  'GET /docs/json': 'public',
  'GET /docs/yaml': 'public',
  'GET /docs/static/index.html': 'public',
  'GET /docs/static/swagger-initializer.js': 'public',
  'GET /docs/static/*': 'public',
  // CORS preflight: browsers send it without credentials, before every cross-origin call.
  'OPTIONS *': 'public',

  'POST /api/auth/login': 'public',
  'GET /api/auth/me': 'authenticated',
  'POST /api/users': ['admin'],
  'GET /api/users': ['security'],
  'POST /api/departments': ['admin'],
  // Every screen that files something under a department needs the list.
  'GET /api/departments': 'authenticated',

  'GET /api/audit/events': ['auditor'],
  'GET /api/audit/streams/:streamId': ['auditor'],
  'GET /api/audit/state/:streamId': ['auditor'],
  'POST /api/audit/exports': ['auditor'],
  'GET /api/audit/verify': ['auditor'],
  'POST /api/admin/subjects/:subjectId/erase': ['admin'],
  'GET /api/admin/projections': ['admin'],
  'POST /api/admin/projections/:name/rebuild': ['admin'],
};

const KEY_FORMAT = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \S+$/;

export function permissionKey(method: string, url: string): string {
  return `${method.toUpperCase()} ${url}`;
}

/** The base table plus each module's entries; a key defined twice is a startup error. */
export function mergePermissions(
  base: PermissionTable,
  modules: ReadonlyArray<{ readonly name: string; readonly permissions: PermissionTable }>,
): PermissionTable {
  const merged: Record<string, Access> = { ...base };
  for (const module of modules) {
    for (const [key, access] of Object.entries(module.permissions)) {
      if (!KEY_FORMAT.test(key)) throw new Error(`Module ${module.name}: malformed permission key "${key}"`);
      if (key in merged) throw new Error(`Module ${module.name}: permission "${key}" is already defined`);
      merged[key] = access;
    }
  }
  return merged;
}

/** The access rule for a route, or undefined when the table has none. HEAD follows GET. */
export function accessFor(table: PermissionTable, method: string, url: string): Access | undefined {
  const exact = table[permissionKey(method, url)];
  if (exact !== undefined || method.toUpperCase() !== 'HEAD') return exact;
  return table[permissionKey('GET', url)];
}

export function isAllowed(access: Access, roles: readonly Role[], method: string): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  if (roles.includes('admin')) return true;
  const reading = method === 'GET' || method === 'HEAD';
  if (reading && roles.includes('auditor')) return true;
  return roles.some((role) => access.includes(role));
}
