/**
 * KPIs, trends and streamed dataset exports (API.md, Reports & analytics). Periods are local
 * dates in the analytics time zone; without `from`/`to` the period is the current month to
 * date. Exports leave personal columns out unless the caller's roles may see them.
 */
import type { FastifyRequest } from 'fastify';
import { renderTable } from '../../files/tabular/render-table.js';
import { TABULAR_CONTENT_TYPES, TABULAR_EXTENSIONS } from '../../files/tabular/table-document.js';
import {
  DATASETS,
  datasetRows,
  type Dataset,
  type DatasetFilter,
} from '../../queries/reports/datasets.query.js';
import { kpis } from '../../queries/reports/kpis.query.js';
import { metricNamed } from '../../queries/reports/metric-registry.js';
import { addDays, type Calendar } from '../../queries/reports/time-zone.js';
import { trend } from '../../queries/reports/trends.query.js';
import type { ReadDb } from '../../queries/read-db.js';
import type { ApiInstance } from '../app-deps.js';
import type { FigureCache } from './figure-cache.js';
import { ValidationError } from '../http-errors.js';
import type { PermissionTable } from '../permissions.js';
import { currentUser } from '../visitors/visitor-access.js';
import {
  ExportBody,
  KpisResponse,
  MAX_PERIOD_DAYS,
  PeriodQuery,
  TrendQuery,
  TrendResponse,
} from './analytics.schemas.js';

export type AnalyticsDeps = {
  readonly readDb: ReadDb;
  readonly calendar: Calendar;
  readonly now: () => Date;
  /** Answers kept while the read models they come from stay where they are. */
  readonly figures: FigureCache;
};

/** The projectors whose tables KPIs, trends and dashboard figures read. */
export const FIGURE_SOURCES = ['analytics', 'visits', 'users', 'hs-incidents', 'hs-inspections-training'];

/** A caller that sent X-Min-Position must see its write: never an answer kept from before. */
export function asksReadYourWrites(request: FastifyRequest): boolean {
  return request.headers['x-min-position'] !== undefined;
}

/** KPIs of a request, computed once per distinct request while the read models stay put. */
export function cachedKpis(
  deps: AnalyticsDeps,
  request: ReturnType<typeof kpiRequest>,
  http: FastifyRequest,
) {
  const key = `kpis:${request.from}:${request.to}:${request.departmentId ?? ''}`;
  return deps.figures.get(key, () => kpis(deps.readDb, request), { staleOk: !asksReadYourWrites(http) });
}

export const ANALYSTS = ['analyst', 'executive', 'safety_officer'] as const;

export const analyticsPermissions: PermissionTable = {
  'GET /api/analytics/kpis': ANALYSTS,
  'GET /api/analytics/trends': ANALYSTS,
  'POST /api/analytics/export': ['analyst', 'safety_officer'],
};

/** Who may see each dataset's personal columns (admin always may). */
const PERSONAL_COLUMNS_FOR: Readonly<Record<string, readonly string[]>> = {
  visits: ['security'],
  incidents: ['safety_officer'],
};

/** The asked period, defaulting to the current month to date; refused when longer than MAX_PERIOD_DAYS. */
export function periodOf(
  query: { readonly from?: string | undefined; readonly to?: string | undefined },
  calendar: Calendar,
  now: Date,
): { from: string; to: string } {
  const to = query.to ?? calendar.localDate(now);
  const from = query.from ?? `${to.slice(0, 7)}-01`;
  if (from > to)
    throw new ValidationError([{ path: 'querystring.from', message: 'from must not be after to' }]);
  if (addDays(from, MAX_PERIOD_DAYS) <= to)
    throw new ValidationError([
      { path: 'querystring.to', message: `a period spans at most ${MAX_PERIOD_DAYS} days` },
    ]);
  return { from, to };
}

/** A KPI request from a period query: local dates, department, the zone and the time now. */
export function kpiRequest(
  deps: AnalyticsDeps,
  query: {
    readonly from?: string | undefined;
    readonly to?: string | undefined;
    readonly departmentId?: string | undefined;
  },
) {
  const now = deps.now();
  return {
    ...periodOf(query, deps.calendar, now),
    departmentId: query.departmentId,
    calendar: deps.calendar,
    now,
  };
}

export function analyticsRoutes(app: ApiInstance, deps: AnalyticsDeps): void {
  const tags = ['analytics'];
  app.get(
    '/api/analytics/kpis',
    { schema: { tags, querystring: PeriodQuery, response: { 200: KpisResponse } } },
    (request) => cachedKpis(deps, kpiRequest(deps, request.query), request),
  );

  app.get(
    '/api/analytics/trends',
    { schema: { tags, querystring: TrendQuery, response: { 200: TrendResponse } } },
    (request) => {
      const { metric, interval, departmentId } = request.query;
      const period = periodOf(request.query, deps.calendar, deps.now());
      const key = `trend:${metric}:${interval}:${period.from}:${period.to}:${departmentId ?? ''}`;
      const scope = { ...period, departmentId, calendar: deps.calendar };
      return deps.figures.get(key, () => trend(deps.readDb, metricNamed(metric)!, interval, scope), {
        staleOk: !asksReadYourWrites(request),
      });
    },
  );

  app.post('/api/analytics/export', { schema: { tags, body: ExportBody } }, async (request, reply) => {
    const { dataset: name, filters = {}, format } = request.body;
    const dataset = DATASETS[name]!;
    const filter: DatasetFilter = {
      from: filters.from === undefined ? undefined : deps.calendar.startOf(filters.from).toISOString(),
      to: filters.to === undefined ? undefined : deps.calendar.startOf(addDays(filters.to, 1)).toISOString(),
      departmentId: filters.departmentId,
      status: filters.status,
    };
    const columns = visibleColumns(dataset, request);
    const period =
      filters.from !== undefined || filters.to !== undefined
        ? `${filters.from ?? '…'} – ${filters.to ?? '…'}`
        : undefined;
    const stamp = deps.now().toISOString().slice(0, 10);
    void reply
      .header('content-type', TABULAR_CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${name}-${stamp}.${TABULAR_EXTENSIONS[format]}"`);
    return reply.send(
      renderTable(format, {
        title: dataset.title,
        ...(period !== undefined && { subtitle: period }),
        columns,
        rows: datasetRows(deps.readDb, dataset, columns, filter),
      }),
    );
  });
}

export function visibleColumns(dataset: Dataset, request: FastifyRequest) {
  const roles: readonly string[] = currentUser(request).roles;
  const allowed =
    roles.includes('admin') || (PERSONAL_COLUMNS_FOR[dataset.name] ?? []).some((r) => roles.includes(r));
  return dataset.columns.filter((c) => allowed || c.personal !== true);
}
