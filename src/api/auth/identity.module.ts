/**
 * Identity over HTTP: login, the current user, users and departments. Users and departments
 * are event-sourced (src/commands/auth); these routes read the users read model.
 */
import type { IdentityDeps } from '../../commands/auth/identity.service.js';
import { createDepartment, registerUser } from '../../commands/auth/identity.service.js';
import type { IdempotencyStore } from '../../commands/idempotency.js';
import { findCredentials, getUser, listDepartments, listUsers } from '../../queries/auth/users.query.js';
import type { ReadDb } from '../../queries/read-db.js';
import type { ApiModule } from '../app-deps.js';
import { runCommand } from '../run-command.js';
import { commandResponseSchema } from '../command-http.js';
import { UnauthorizedError } from '../http-errors.js';
import type { TokenService } from '../token-service.js';
import {
  DepartmentSchema,
  LoginBody,
  LoginResponse,
  NewDepartmentBody,
  NewUserBody,
  PageQuery,
  pageOf,
  UserListItem,
  UserSchema,
} from './identity.schemas.js';

export type IdentityModuleDeps = {
  readonly identity: IdentityDeps;
  readonly readDb: ReadDb;
  readonly tokens: TokenService;
  readonly idempotency: IdempotencyStore;
  /** A bcrypt hash of nothing in particular: unknown emails are checked against it, so they take as long. */
  readonly decoyPasswordHash: string;
  readonly loginRateLimit: { readonly max: number; readonly timeWindowMs: number };
};

export function identityModule(deps: IdentityModuleDeps): ApiModule {
  return {
    name: 'identity',
    permissions: {},
    routes: (app) => {
      app.post(
        '/api/auth/login',
        {
          schema: { tags: ['auth'], body: LoginBody, response: { 200: LoginResponse } },
          config: {
            // Signing in reads the users read model: a client that has just created the user
            // sends the creation's position, as it would to any query.
            minPosition: true,
            rateLimit: { max: deps.loginRateLimit.max, timeWindow: deps.loginRateLimit.timeWindowMs },
          },
        },
        async (request) => {
          const credentials = await findCredentials(deps.readDb, request.body.email);
          const hash = credentials?.passwordHash ?? deps.decoyPasswordHash;
          const valid = await deps.identity.hasher.verify(request.body.password, hash);
          if (credentials === undefined || !valid || !credentials.user.active)
            throw new UnauthorizedError('The email or password is wrong.');
          const { id, email, name, roles, departmentId } = credentials.user;
          const token = await deps.tokens.signAccessToken({ id, roles, departmentId });
          return { ...token, tokenType: 'Bearer' as const, user: { id, email, name, roles, departmentId } };
        },
      );

      app.get(
        '/api/auth/me',
        { schema: { tags: ['auth'], response: { 200: UserSchema } } },
        async (request) => {
          const user = request.user!;
          const view = await getUser(deps.readDb, user.id);
          if (view === undefined || !view.active)
            throw new UnauthorizedError('This account no longer exists.');
          const { id, email, name, roles, departmentId } = view;
          return { id, email, name, roles, departmentId };
        },
      );

      app.post(
        '/api/users',
        { schema: { tags: ['users'], body: NewUserBody, response: { 201: commandResponseSchema() } } },
        async (request, reply) =>
          runCommand(
            request,
            reply,
            deps.idempotency,
            async (context) => {
              const { userId, revision, position } = await registerUser(deps.identity, request.body, context);
              return { id: userId, revision, position };
            },
            { status: 201, location: (id) => `/api/users/${id}` },
          ),
      );

      app.get(
        '/api/users',
        {
          schema: {
            tags: ['users'],
            querystring: PageQuery.extend({
              departmentId: UserSchema.shape.departmentId.unwrap().optional(),
            }),
            response: { 200: pageOf(UserListItem) },
          },
        },
        async (request) => listUsers(deps.readDb, request.query),
      );

      app.post(
        '/api/departments',
        {
          schema: {
            tags: ['departments'],
            body: NewDepartmentBody,
            response: { 201: commandResponseSchema({ name: DepartmentSchema.shape.name }) },
          },
        },
        async (request, reply) =>
          runCommand(
            request,
            reply,
            deps.idempotency,
            async (context) => {
              const result = await createDepartment(deps.identity, request.body.name, context);
              return {
                id: result.departmentId,
                name: request.body.name,
                revision: result.revision,
                position: result.position,
              };
            },
            { status: 201, location: (id) => `/api/departments/${id}` },
          ),
      );

      app.get(
        '/api/departments',
        {
          schema: {
            tags: ['departments'],
            querystring: PageQuery,
            response: { 200: pageOf(DepartmentSchema) },
          },
        },
        async (request) => listDepartments(deps.readDb, request.query),
      );
    },
  };
}
