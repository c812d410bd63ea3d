/** Reports & analytics (API.md): KPIs, trends, exports, report generation and schedules. */
import type { ApiModule } from '../app-deps.js';
import { analyticsPermissions, analyticsRoutes, type AnalyticsDeps } from './analytics.routes.js';

export type ReportsDeps = AnalyticsDeps;

export function reportsModule(deps: ReportsDeps): ApiModule {
  return {
    name: 'reports',
    permissions: { ...analyticsPermissions },
    routes: (app) => {
      analyticsRoutes(app, deps);
    },
  };
}
