/**
 * Dashboards (API.md): live metrics, a department's view, the executive comparison, per-user
 * widgets with their data, and a Server-Sent Events stream of metric changes. Figures come
 * from the analytics read model; `position` is the log position they reflect.
 */
import { z } from 'zod';
import { dashboardMetrics, executiveView } from '../../queries/dashboards/dashboard.query.js';
import type { ApiModule } from '../app-deps.js';
import { ForbiddenError } from '../http-errors.js';
import { KpisResponse, MetricsResponse, PeriodQuery } from '../reports/analytics.schemas.js';
import {
  ANALYSTS,
  asksReadYourWrites,
  cachedKpis,
  kpiRequest,
  type AnalyticsDeps,
} from '../reports/analytics.routes.js';
import { currentUser } from '../visitors/visitor-access.js';
import { widgetRoutes, widgetPermissions, type WidgetDeps } from './widget.routes.js';
import { metricStreams } from './metric-stream.js';

export type DashboardDeps = WidgetDeps &
  AnalyticsDeps & {
    /** The analytics read model's position: what the figures include (no IO). */
    readonly position: () => bigint;
    /** How often the stream looks for a change; default 1 s. */
    readonly streamIntervalMs?: number;
  };

/** Front desk and management see the live board. */
export const DASHBOARD_READERS = [...ANALYSTS, 'security'] as const;

const DepartmentParams = z.object({ id: z.uuid() });

export function dashboardsModule(deps: DashboardDeps): ApiModule {
  const tags = ['dashboards'];
  // The position is read before the figures, which therefore include at least it.
  const metrics = (departmentId: string | undefined, staleOk: boolean) =>
    deps.figures.get(
      `metrics:${departmentId ?? ''}`,
      async () => {
        const position = deps.position().toString();
        const figures = await dashboardMetrics(deps.readDb, {
          calendar: deps.calendar,
          now: deps.now(),
          departmentId,
        });
        return { ...figures, position };
      },
      { staleOk },
    );
  return {
    name: 'dashboards',
    permissions: {
      'GET /api/dashboard/metrics': DASHBOARD_READERS,
      'GET /api/dashboard/stream': DASHBOARD_READERS,
      // Employees see their own department's board; the handler checks which.
      'GET /api/dashboard/department/:id': [...DASHBOARD_READERS, 'employee'],
      'GET /api/dashboard/executive': ['executive', 'analyst'],
      ...widgetPermissions(DASHBOARD_READERS),
    },
    routes: (app) => {
      app.get('/api/dashboard/metrics', { schema: { tags, response: { 200: MetricsResponse } } }, (request) =>
        metrics(undefined, !asksReadYourWrites(request)),
      );

      app.get(
        '/api/dashboard/department/:id',
        {
          schema: {
            tags,
            params: DepartmentParams,
            querystring: PeriodQuery,
            response: {
              200: z.object({ departmentId: z.uuid(), metrics: MetricsResponse, kpis: KpisResponse }),
            },
          },
        },
        async (request) => {
          const user = currentUser(request);
          const { id } = request.params;
          const seesAll = user.roles.some(
            (r) => (DASHBOARD_READERS as readonly string[]).includes(r) || r === 'admin',
          );
          if (!seesAll && user.departmentId !== id)
            throw new ForbiddenError("Employees see their own department's dashboard only.");
          return {
            departmentId: id,
            metrics: await metrics(id, !asksReadYourWrites(request)),
            kpis: await cachedKpis(deps, kpiRequest(deps, { ...request.query, departmentId: id }), request),
          };
        },
      );

      app.get('/api/dashboard/executive', { schema: { tags, querystring: PeriodQuery } }, (request) => {
        const scope = kpiRequest(deps, request.query);
        const key = `executive:${scope.from}:${scope.to}:${scope.departmentId ?? ''}`;
        return deps.figures.get(key, () => executiveView(deps.readDb, scope), {
          staleOk: !asksReadYourWrites(request),
        });
      });

      const streams = metricStreams({
        metrics: () => metrics(undefined, false),
        position: deps.position,
        ...(deps.streamIntervalMs !== undefined && { intervalMs: deps.streamIntervalMs }),
      });
      app.addHook('preClose', (done) => {
        streams.closeAll();
        done();
      });
      app.get('/api/dashboard/stream', { schema: { tags } }, (request, reply) =>
        streams.open(request, reply),
      );

      widgetRoutes(app, deps);
    },
  };
}
