/** Reports & analytics (API.md): KPIs, trends, exports, report generation and schedules. */
import type { ApiModule } from '../app-deps.js';
import { analyticsPermissions, analyticsRoutes } from './analytics.routes.js';
import { reportPermissions, reportRoutes, type ReportRouteDeps } from './report.routes.js';

export type ReportsDeps = ReportRouteDeps;

export function reportsModule(deps: ReportsDeps): ApiModule {
  return {
    name: 'reports',
    permissions: { ...analyticsPermissions, ...reportPermissions },
    routes: (app) => {
      analyticsRoutes(app, deps);
      reportRoutes(app, deps);
    },
  };
}
