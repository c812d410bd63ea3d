/** GET /health: for load balancers and operators; public and rate limited. */
import { z } from 'zod';
import type { ApiInstance, ApiModule, HealthReport } from './app-deps.js';
import { ServiceUnavailableError } from './http-errors.js';
import { loggableError } from './problem.js';

const checkState = z.enum(['ok', 'lagging', 'down']);

const healthReportSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checks: z.object({ eventStore: checkState, readModels: checkState, projections: checkState }),
  })
  .meta({ id: 'HealthReport' });

/** The health route as a module like any other; its permission entry is in the base table. */
export function healthModule(health: () => Promise<HealthReport>): ApiModule {
  return { name: 'health', permissions: {}, routes: (app) => healthRoute(app, health) };
}

function healthRoute(app: ApiInstance, health: () => Promise<HealthReport>): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and dependency status; 503 when a dependency is down',
        response: { 200: healthReportSchema, 503: healthReportSchema },
      },
    },
    async (request, reply) => {
      const report = await health().catch((error: unknown) => {
        request.log.error({ err: loggableError(error) }, 'health check failed');
        throw new ServiceUnavailableError('HEALTH_CHECK_FAILED', 'The health check itself failed.');
      });
      return reply.code(report.status === 'ok' ? 200 : 503).send(report);
    },
  );
}
