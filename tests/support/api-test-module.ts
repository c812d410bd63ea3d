/**
 * A stand-in feature module for the API platform tests: a few dummy routes exercising
 * validation, commands, queries and every error class, with their own permission entries
 * (contributed the way real modules do, through ApiModule.permissions).
 */
import { z } from 'zod';
import {
  ConcurrencyError,
  DomainError,
  IdempotencyError,
  NotFoundError,
  PreconditionFailedError,
} from '../../src/commands/domain-error.js';
import type { ApiInstance, ApiModule } from '../../src/api/app-deps.js';
import { currentUser } from '../../src/api/bearer-auth.js';
import {
  commandReply,
  commandResponseSchema,
  expectedRevisionFrom,
  idempotencyKeyFrom,
} from '../../src/api/command-http.js';
import { ServiceUnavailableError, UnprocessableError } from '../../src/api/http-errors.js';

export const LEAKY_MESSAGE = 'Duplicate entry for key users.email';
export const LEAKY_SQL = "INSERT INTO users (email) VALUES ('jane.doe@example.com')";

/** Shaped like a mysql2 error: the statement and its values ride along as properties. */
function driverError(): Error {
  return Object.assign(new Error(LEAKY_MESSAGE), { code: 'ER_DUP_ENTRY', sql: LEAKY_SQL });
}

const FAILURES = {
  domain: () => new DomainError('VISIT_NOT_ACTIVE', 'The visit is not active.'),
  'not-found': () => new NotFoundError('No such visit.'),
  precondition: () => new PreconditionFailedError('The visit changed since you read it.'),
  concurrency: () => new ConcurrencyError('Too many concurrent changes.'),
  'idempotency-reused': () => new IdempotencyError('IDEMPOTENCY_KEY_REUSED', 'Key reused.'),
  'idempotency-in-progress': () => new IdempotencyError('IDEMPOTENCY_IN_PROGRESS', 'Still running.'),
  unprocessable: () => new UnprocessableError('NO_FACE', 'No face found in the image.'),
  unavailable: () => new ServiceUnavailableError('EVENT_STORE_DOWN', 'The event store is unreachable.'),
  internal: driverError,
} as const;

const visitorSchema = z.object({ firstName: z.string().min(1), lastName: z.string().min(1) });

function routes(app: ApiInstance): void {
  app.post(
    '/api/test/visits',
    {
      schema: {
        body: z.object({
          visitor: visitorSchema,
          purpose: z.string().min(1),
          expectedDeparture: z.iso.datetime(),
        }),
        response: { 201: commandResponseSchema({ visitId: z.string() }) },
      },
    },
    (_request, reply) => {
      const id = '6f1c1b8e-4a49-4a55-9d1e-6d1f0f3b6a11';
      const result = { id, visitId: id, revision: 0n, position: 42n };
      return commandReply(reply, result, { status: 201, location: `/api/test/visits/${id}` });
    },
  );

  app.post(
    '/api/test/visits/:visitId/checkout',
    {
      schema: {
        params: z.object({ visitId: z.uuid() }),
        response: { 200: commandResponseSchema({ idempotencyKey: z.string().nullable() }) },
      },
    },
    (request, reply) => {
      const expected = expectedRevisionFrom(request);
      if (expected !== undefined && expected !== 3n) throw new PreconditionFailedError('Stale revision.');
      const result = { id: request.params.visitId, revision: 4n, position: 100n };
      return commandReply(
        reply,
        { ...result, idempotencyKey: idempotencyKeyFrom(request) ?? null },
        { status: 200 },
      );
    },
  );

  app.get(
    '/api/test/visits',
    {
      schema: {
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
        response: {
          200: z.object({ items: z.array(z.string()), nextCursor: z.string().nullable(), limit: z.number() }),
        },
      },
    },
    (request) => ({ items: [], nextCursor: null, limit: request.query.limit }),
  );

  app.post(
    '/api/test/fail/:kind',
    { schema: { params: z.object({ kind: z.enum(Object.keys(FAILURES) as [keyof typeof FAILURES]) }) } },
    (request) => {
      throw FAILURES[request.params.kind]();
    },
  );

  app.post(
    '/api/test/public-echo',
    { schema: { body: z.object({ message: z.string().max(2_000_000) }) } },
    (request) => ({ message: request.body.message, caller: request.user?.id ?? null }),
  );

  app.post(
    '/api/test/images',
    { bodyLimit: 5 * 1024 * 1024, schema: { body: z.object({ image: z.base64() }) } },
    (request) => ({ bytes: request.body.image.length }),
  );

  app.get('/api/test/whoami', (request) => currentUser(request));
}

export const testModule: ApiModule = {
  name: 'test',
  permissions: {
    'POST /api/test/visits': ['employee', 'security'],
    'POST /api/test/visits/:visitId/checkout': ['security'],
    'GET /api/test/visits': ['analyst'],
    'POST /api/test/fail/:kind': ['employee'],
    'POST /api/test/public-echo': 'public',
    'POST /api/test/images': ['kiosk'],
    'GET /api/test/whoami': 'authenticated',
  },
  routes,
};
