/**
 * Projection administration: lag and status of every projector, rebuilds (202, progress in
 * the list), and the parked poison events with a retry.
 */
import { z } from 'zod';
import type { ApiModule } from '../app-deps.js';
import { NotFoundError } from '../../commands/domain-error.js';

export type ProjectionStatusView = {
  readonly name: string;
  readonly version: number;
  readonly status: string;
  readonly checkpoint: bigint;
  readonly headPosition: bigint;
  readonly lagEvents: bigint;
  readonly lagMs: number;
  readonly parkedEvents: number;
  readonly rebuild?: { readonly checkpoint: bigint; readonly target: bigint } | undefined;
};

export type ParkedEventView = {
  readonly position: bigint;
  readonly streamId: string;
  readonly type: string;
  readonly error: string;
  readonly attempts: number;
  readonly parkedAt: string;
};

/** What the admin routes need of the projection runtime. */
export type ProjectionAdmin = {
  readonly status: () => Promise<readonly ProjectionStatusView[]>;
  /** Starts a rebuild in the background; rejects for an unknown projector. */
  readonly startRebuild: (name: string) => Promise<void>;
  readonly parked: (name: string) => Promise<readonly ParkedEventView[]>;
  readonly retryParked: (name: string, position: bigint) => Promise<boolean>;
};

const Position = z.string().regex(/^\d{1,20}$/);
const StatusItem = z.object({
  name: z.string(),
  version: z.number().int(),
  status: z.string(),
  checkpoint: Position,
  headPosition: Position,
  lagEvents: Position,
  lagMs: z.number(),
  parkedEvents: z.number().int(),
  rebuild: z.object({ checkpoint: Position, target: Position, percent: z.number() }).nullable(),
});
const ParkedItem = z.object({
  position: Position,
  streamId: z.string(),
  type: z.string(),
  error: z.string(),
  attempts: z.number().int(),
  parkedAt: z.string(),
});
const NameParams = z.object({ name: z.string().min(1).max(100) });

export function adminModule(deps: { readonly projections: ProjectionAdmin }): ApiModule {
  const known = async (name: string) => {
    if (!(await deps.projections.status()).some((s) => s.name === name))
      throw new NotFoundError(`there is no projection named ${name}`);
  };
  return {
    name: 'admin',
    permissions: {
      'GET /api/admin/projections/:name/parked': ['admin'],
      'POST /api/admin/projections/:name/parked/:position/retry': ['admin'],
    },
    routes: (app) => {
      app.get(
        '/api/admin/projections',
        { schema: { tags: ['admin'], response: { 200: z.array(StatusItem) } } },
        async () => (await deps.projections.status()).map(toStatusItem),
      );
      app.post(
        '/api/admin/projections/:name/rebuild',
        {
          schema: {
            tags: ['admin'],
            params: NameParams,
            response: { 202: z.object({ name: z.string(), status: z.literal('rebuilding') }) },
          },
        },
        async (request, reply) => {
          await known(request.params.name);
          await deps.projections.startRebuild(request.params.name);
          return reply.code(202).send({ name: request.params.name, status: 'rebuilding' as const });
        },
      );
      app.get(
        '/api/admin/projections/:name/parked',
        {
          schema: {
            tags: ['admin'],
            params: NameParams,
            response: { 200: z.object({ items: z.array(ParkedItem) }) },
          },
        },
        async (request) => {
          await known(request.params.name);
          const items = await deps.projections.parked(request.params.name);
          return { items: items.map((p) => ({ ...p, position: p.position.toString() })) };
        },
      );
      app.post(
        '/api/admin/projections/:name/parked/:position/retry',
        {
          schema: {
            tags: ['admin'],
            params: NameParams.extend({ position: Position }),
            response: { 200: z.object({ retried: z.boolean() }) },
          },
        },
        async (request) => {
          await known(request.params.name);
          return {
            retried: await deps.projections.retryParked(request.params.name, BigInt(request.params.position)),
          };
        },
      );
    },
  };
}

function toStatusItem(s: ProjectionStatusView): z.infer<typeof StatusItem> {
  const rebuild =
    s.rebuild === undefined
      ? null
      : {
          checkpoint: s.rebuild.checkpoint.toString(),
          target: s.rebuild.target.toString(),
          percent:
            s.rebuild.target === 0n
              ? 100
              : Math.min(100, Number((s.rebuild.checkpoint * 1000n) / s.rebuild.target) / 10),
        };
  return {
    name: s.name,
    version: s.version,
    status: s.status,
    checkpoint: s.checkpoint.toString(),
    headPosition: s.headPosition.toString(),
    lagEvents: s.lagEvents.toString(),
    lagMs: s.lagMs,
    parkedEvents: s.parkedEvents,
    rebuild,
  };
}
