/**
 * The OSHA 300 log (JSON, or a CSV or XLSX file through the shared table renderers, so text
 * cells are guarded against formula injection) and the safety statistics for analytics.
 */
import { Readable } from 'node:stream';
import { z } from 'zod';
import { renderTable } from '../../files/tabular/render-table.js';
import { TABULAR_CONTENT_TYPES, type Column } from '../../files/tabular/table-document.js';
import { oshaLog, type OshaRow } from '../../queries/health-safety/osha-log.query.js';
import { safetyStats } from '../../queries/health-safety/safety-stats.query.js';
import type { ApiInstance } from '../app-deps.js';
import type { PermissionTable } from '../permissions.js';
import { BASE, READERS, tags } from './health-safety-routes.shared.js';
import type { HealthSafetyDeps } from './health-safety.module.js';
import * as S from './safety-registers.schemas.js';

export const safetyReportPermissions: PermissionTable = {
  // The 300 log names injured employees: safety office and management only.
  [`GET ${BASE}/osha-300`]: ['safety_officer', 'executive'],
  [`GET ${BASE}/statistics`]: READERS,
};

const text = (key: keyof OshaRow): Column => ({ key, header: key, type: 'string' });
const OSHA_COLUMNS: readonly Column[] = [
  text('caseNumber'),
  text('employeeName'),
  text('jobTitle'),
  { key: 'dateOfInjury', header: 'dateOfInjury', type: 'date' },
  text('where'),
  text('description'),
  text('classification'),
  { key: 'daysAway', header: 'daysAway', type: 'integer' },
  { key: 'daysRestricted', header: 'daysRestricted', type: 'integer' },
  text('caseType'),
];

export function safetyReportRoutes(app: ApiInstance, deps: HealthSafetyDeps): void {
  app.get(
    `${BASE}/osha-300`,
    {
      schema: {
        tags,
        querystring: S.OshaQuery,
        // JSON `{ year, items, totals }`, or the file's bytes for csv/xlsx.
        response: { 200: z.any().describe('The OSHA 300 log as JSON, CSV or XLSX') },
      },
    },
    async (request, reply) => {
      const { year, format, departmentId } = request.query;
      const log = await oshaLog(deps.readDb, year, departmentId);
      if (format === 'json') return log;
      return reply
        .header('content-type', TABULAR_CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="osha-300-${year}.${format}"`)
        .send(
          renderTable(format, {
            title: `OSHA 300 ${year}`,
            columns: OSHA_COLUMNS,
            rows: Readable.from(log.items),
          }),
        );
    },
  );
  app.get(
    `${BASE}/statistics`,
    { schema: { tags, querystring: S.StatsQuery, response: { 200: S.StatsSchema } } },
    (request) => safetyStats(deps.readDb, { ...request.query, now: deps.now(), calendar: deps.calendar }),
  );
}
