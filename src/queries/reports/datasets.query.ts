/**
 * The datasets analysts export and custom reports read: each one a read-model table, its
 * typed columns (personal ones marked, so the API leaves them out for roles that may not see
 * them), the column its period filter applies to, and its rows as a lazy stream read in
 * keyset pages, so an export of any size holds one page in memory.
 */
import type { Knex } from 'knex';

export type DatasetColumnType = 'string' | 'integer' | 'number' | 'percent' | 'date' | 'datetime' | 'boolean';

export type DatasetColumn = {
  readonly key: string;
  readonly header: string;
  readonly type: DatasetColumnType;
  /** The read-model column the value comes from. */
  readonly source: string;
  /** Personal data: shown only to roles allowed to see it. */
  readonly personal?: boolean;
};

export type Dataset = {
  readonly name: string;
  readonly title: string;
  readonly table: string;
  readonly id: string;
  /** The time the period filter applies to. */
  readonly at: string;
  readonly departmentColumn?: string;
  readonly statusColumn?: string;
  readonly columns: readonly DatasetColumn[];
};

const col = (
  key: string,
  header: string,
  type: DatasetColumnType,
  source: string,
  personal = false,
): DatasetColumn => ({ key, header, type, source, ...(personal && { personal }) });

export const DATASETS: Readonly<Record<string, Dataset>> = {
  visits: {
    name: 'visits',
    title: 'Visits',
    table: 'visits',
    id: 'visit_id',
    at: 'sort_at',
    statusColumn: 'status',
    columns: [
      col('visitId', 'Visit', 'string', 'visit_id'),
      col('visitorName', 'Visitor', 'string', 'visitor_name', true),
      col('company', 'Company', 'string', 'company', true),
      col('hostId', 'Host', 'string', 'host_id'),
      col('status', 'Status', 'string', 'status'),
      col('checkedInAt', 'Checked in', 'datetime', 'checked_in_at'),
      col('checkedOutAt', 'Checked out', 'datetime', 'checked_out_at'),
      col('durationMinutes', 'Minutes', 'integer', 'duration_minutes'),
      col('badgeNumber', 'Badge', 'string', 'badge_number'),
    ],
  },
  incidents: {
    name: 'incidents',
    title: 'Incidents',
    table: 'hs_incidents',
    id: 'id',
    at: 'occurred_at',
    departmentColumn: 'department_id',
    statusColumn: 'status',
    columns: [
      col('number', 'Number', 'string', 'number'),
      col('title', 'Title', 'string', 'title'),
      col('type', 'Type', 'string', 'type'),
      col('severity', 'Severity', 'string', 'severity'),
      col('status', 'Status', 'string', 'status'),
      col('occurredAt', 'Occurred', 'datetime', 'occurred_at'),
      col('departmentId', 'Department', 'string', 'department_id'),
      col('injuredPersonId', 'Injured person', 'string', 'injured_person_id', true),
      col('recordable', 'Recordable', 'boolean', 'recordable'),
      col('outcome', 'Outcome', 'string', 'outcome'),
      col('daysAway', 'Days away', 'integer', 'days_away'),
      col('daysRestricted', 'Days restricted', 'integer', 'days_restricted'),
      col('closedAt', 'Closed', 'datetime', 'closed_at'),
    ],
  },
  inspections: {
    name: 'inspections',
    title: 'Inspections',
    table: 'hs_inspections',
    id: 'id',
    at: 'scheduled_for',
    departmentColumn: 'department_id',
    statusColumn: 'status',
    columns: [
      col('id', 'Inspection', 'string', 'id'),
      col('title', 'Title', 'string', 'title'),
      col('location', 'Location', 'string', 'location'),
      col('departmentId', 'Department', 'string', 'department_id'),
      col('scheduledFor', 'Scheduled', 'datetime', 'scheduled_for'),
      col('status', 'Status', 'string', 'status'),
      col('score', 'Score', 'percent', 'score'),
      col('completedAt', 'Completed', 'datetime', 'completed_at'),
    ],
  },
  training: {
    name: 'training',
    title: 'Training records',
    table: 'hs_training_records',
    id: 'id',
    at: 'completed_at',
    columns: [
      col('id', 'Record', 'string', 'id'),
      col('employeeId', 'Employee', 'string', 'employee_id'),
      col('courseId', 'Course', 'string', 'course_id'),
      col('completedAt', 'Completed', 'datetime', 'completed_at'),
      col('expiresAt', 'Expires', 'datetime', 'expires_at'),
      col('score', 'Score', 'number', 'score'),
      col('flagged', 'Flag', 'string', 'flagged'),
    ],
  },
  hazards: {
    name: 'hazards',
    title: 'Hazards',
    table: 'hs_hazards',
    id: 'id',
    at: 'identified_at',
    departmentColumn: 'department_id',
    columns: [
      col('id', 'Hazard', 'string', 'id'),
      col('title', 'Title', 'string', 'title'),
      col('location', 'Location', 'string', 'location'),
      col('departmentId', 'Department', 'string', 'department_id'),
      col('riskLevel', 'Risk', 'string', 'risk_level'),
      col('riskScore', 'Score', 'integer', 'risk_score'),
      col('reviewDate', 'Review', 'date', 'review_date'),
      col('identifiedAt', 'Identified', 'datetime', 'identified_at'),
    ],
  },
  actions: {
    name: 'actions',
    title: 'Corrective and preventive actions',
    table: 'hs_actions',
    id: 'id',
    at: 'opened_at',
    departmentColumn: 'department_id',
    statusColumn: 'status',
    columns: [
      col('id', 'Action', 'string', 'id'),
      col('source', 'Source', 'string', 'source'),
      col('kind', 'Kind', 'string', 'kind'),
      col('description', 'Description', 'string', 'description'),
      col('departmentId', 'Department', 'string', 'department_id'),
      col('ownerId', 'Owner', 'string', 'owner_id'),
      col('dueDate', 'Due', 'date', 'due_date'),
      col('status', 'Status', 'string', 'status'),
      col('overdue', 'Overdue', 'boolean', 'overdue'),
      col('openedAt', 'Opened', 'datetime', 'opened_at'),
      col('completedAt', 'Completed', 'datetime', 'completed_at'),
    ],
  },
};

export const DATASET_NAMES = Object.keys(DATASETS) as [string, ...string[]];

export type DatasetFilter = {
  /** ISO instants; `to` exclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly departmentId?: string | undefined;
  readonly status?: string | undefined;
};

export type DatasetRow = Record<string, string | number | boolean | Date | null>;

const PAGE = 1000;

/** The dataset's rows, oldest first, in keyset pages; only the columns asked for. */
export async function* datasetRows(
  db: Knex,
  dataset: Dataset,
  columns: readonly DatasetColumn[],
  filter: DatasetFilter,
): AsyncGenerator<DatasetRow> {
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const query = db(dataset.table)
      .select([dataset.at, dataset.id, ...new Set(columns.map((c) => c.source))])
      .orderBy([dataset.at, dataset.id])
      .limit(PAGE);
    if (filter.from !== undefined) void query.where(dataset.at, '>=', filter.from);
    if (filter.to !== undefined) void query.where(dataset.at, '<', filter.to);
    if (filter.departmentId !== undefined && dataset.departmentColumn !== undefined)
      void query.where(dataset.departmentColumn, filter.departmentId);
    if (filter.status !== undefined && dataset.statusColumn !== undefined)
      void query.where(dataset.statusColumn, filter.status);
    if (after !== undefined) {
      const { at, id } = after;
      void query.where(
        (q) =>
          void q
            .where(dataset.at, '>', at)
            .orWhere((r) => void r.where(dataset.at, at).where(dataset.id, '>', id)),
      );
    }
    const page = (await query) as Record<string, unknown>[];
    for (const raw of page) yield toRow(raw, columns);
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return;
    after = { at: String(last[dataset.at]), id: String(last[dataset.id]) };
  }
}

function toRow(raw: Record<string, unknown>, columns: readonly DatasetColumn[]): DatasetRow {
  const row: DatasetRow = {};
  for (const c of columns) {
    const value = raw[c.source];
    if (value === null || value === undefined) row[c.key] = null;
    else if (c.type === 'boolean') row[c.key] = value === true || value === 1 || value === '1';
    else if (c.type === 'integer' || c.type === 'number' || c.type === 'percent') row[c.key] = Number(value);
    else if (c.type === 'datetime') row[c.key] = new Date(value as string);
    else row[c.key] = value as string;
  }
  return row;
}
