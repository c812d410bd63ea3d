/**
 * Audit and data governance over HTTP: the event log as the audit trail. Auditors browse the
 * log through the audit index (filters, pages by position), read a stream, see an entity as
 * it was at an instant (folded with its module's own evolve), verify the integrity chain and
 * export histories; admins erase a data subject. Event data always comes from the log, so
 * personal fields show opened for these roles and as erased after erasure.
 */
import { NotFoundError } from '../../commands/domain-error.js';
import { deciderRegistry } from '../../commands/decider-registry.js';
import type { IdempotencyStore } from '../../commands/idempotency.js';
import { categoryOf } from '../../events/stream-names.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { findAuditPositions } from '../../queries/audit/audit-events.query.js';
import { readEventsAt, readStreamPage, stateAsOf } from '../../queries/audit/event-history.query.js';
import { auditEventJson } from '../../queries/audit/export-writer.js';
import type { ReadDb } from '../../queries/read-db.js';
import type { ApiInstance, ApiModule } from '../app-deps.js';
import { UnprocessableError } from '../http-errors.js';
import { auditExportRoutes } from './audit-export.routes.js';
import {
  AuditEventPage,
  AuditEventsQuery,
  StateQuery,
  StateResponse,
  StreamParams,
  StreamQuery,
  VerifyQuery,
  VerifyResponse,
} from './audit.schemas.js';
import { erasureRoutes } from './erasure.routes.js';

export type IntegrityReport = {
  readonly verifiedEvents: number;
  readonly brokenAt: null | {
    readonly streamId: string;
    readonly revision: string;
    readonly position: string;
  };
};

export type AuditModuleDeps = {
  /** The event log: personal fields opened on read. */
  readonly log: EventStore;
  readonly readDb: ReadDb;
  /** Walks the integrity chain of the stored log (or one stream). */
  readonly verify: (streamId: string | undefined) => Promise<IntegrityReport>;
  /** Destroys a data subject's key; false when they never had one. */
  readonly eraseSubjectKey: (subjectId: string) => Promise<boolean>;
  readonly idempotency: IdempotencyStore;
};

export function auditModule(deps: AuditModuleDeps): ApiModule {
  return {
    name: 'audit',
    // Every route's entry is in the base table (src/api/permissions.ts).
    permissions: {},
    routes: (app) => {
      logRoutes(app, deps);
      auditExportRoutes(app, deps);
      erasureRoutes(app, deps);
    },
  };
}

function logRoutes(app: ApiInstance, deps: AuditModuleDeps): void {
  app.get(
    '/api/audit/events',
    { schema: { tags: ['audit'], querystring: AuditEventsQuery, response: { 200: AuditEventPage } } },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      const page = await findAuditPositions(deps.readDb, filters, { limit, cursor });
      const events = await readEventsAt(deps.log, page.items);
      return { items: events.map(auditEventJson), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/audit/streams/:streamId',
    {
      schema: {
        tags: ['audit'],
        params: StreamParams,
        querystring: StreamQuery,
        response: { 200: AuditEventPage },
      },
    },
    async (request) => {
      const from = BigInt(request.query.cursor ?? '0');
      const { limit } = request.query;
      const events = await readStreamPage(deps.log, request.params.streamId, from, limit + 1);
      if (from === 0n && events.length === 0) throw new NotFoundError('there is no stream with this id');
      const next = events.length > limit ? events[limit]!.revision.toString() : null;
      return { items: events.slice(0, limit).map(auditEventJson), nextCursor: next };
    },
  );

  app.get(
    '/api/audit/state/:streamId',
    {
      schema: {
        tags: ['audit'],
        params: StreamParams,
        querystring: StateQuery,
        response: { 200: StateResponse },
      },
    },
    async (request) => {
      const { streamId } = request.params;
      const category = categoryOf(streamId);
      const evolver = deciderRegistry.get(category);
      if (evolver === undefined)
        throw new UnprocessableError(
          'UNKNOWN_STREAM_CATEGORY',
          `no decider is registered for "${category}" streams`,
        );
      const asOf = request.query.asOf === undefined ? new Date() : new Date(request.query.asOf);
      const folded = await stateAsOf(deps.log, evolver, streamId, asOf);
      if (folded.eventCount === 0 && (await readStreamPage(deps.log, streamId, 0n, 1)).length === 0)
        throw new NotFoundError('there is no stream with this id');
      return {
        streamId,
        category,
        asOf: asOf.toISOString(),
        exists: folded.lastEvent !== undefined,
        revision: folded.lastEvent?.revision.toString() ?? null,
        position: folded.lastEvent?.position.toString() ?? null,
        eventCount: folded.eventCount,
        state: jsonSafe(folded.state),
      };
    },
  );

  app.get(
    '/api/audit/verify',
    { schema: { tags: ['audit'], querystring: VerifyQuery, response: { 200: VerifyResponse } } },
    async (request) => deps.verify(request.query.stream),
  );
}

/** A decider's state as JSON: bigints as decimal strings, Maps as objects, Sets as arrays. */
function jsonSafe(state: unknown): unknown {
  const text = JSON.stringify(state, (_key, value: unknown) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Map) return Object.fromEntries(value as Map<string, unknown>);
    if (value instanceof Set) return [...(value as Set<unknown>)];
    return value;
  });
  return text === undefined ? null : (JSON.parse(text) as unknown);
}
