/** Reads of the incidents read model: the filtered list, the detail with its timeline, actions. */
import type { Knex } from 'knex';
import { mapPage, paginate, type Page, type PageRequest } from '../pagination.js';

export type IncidentFilter = {
  readonly status?: string | undefined;
  readonly severity?: string | undefined;
  readonly type?: string | undefined;
  readonly departmentId?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
};

type IncidentRow = {
  id: string;
  number: string;
  title: string;
  description: string;
  type: string;
  severity: string;
  status: string;
  occurred_at: string;
  location: string;
  department_id: string;
  injured_person_id: string | null;
  investigator_id: string | null;
  immediate_actions: string | null;
  reported_by: string;
  reported_at: string;
  closed_at: string | null;
  recordable: number | boolean;
  outcome: string | null;
  days_away: number;
  days_restricted: number;
  case_type: string | null;
  job_title: string | null;
  open_actions: number;
};

const listItem = (r: IncidentRow) => ({
  incidentId: r.id,
  number: r.number,
  title: r.title,
  type: r.type,
  severity: r.severity,
  status: r.status,
  occurredAt: r.occurred_at,
  departmentId: r.department_id,
  recordable: Boolean(r.recordable),
  openActions: Number(r.open_actions),
});
export type IncidentListItem = ReturnType<typeof listItem>;

export async function listIncidents(
  db: Knex,
  request: PageRequest & IncidentFilter,
): Promise<Page<IncidentListItem>> {
  const query = db('hs_incidents').select(
    'id',
    'number',
    'title',
    'type',
    'severity',
    'status',
    'occurred_at',
    'department_id',
    'recordable',
    'open_actions',
  );
  for (const [field, column] of [
    ['status', 'status'],
    ['severity', 'severity'],
    ['type', 'type'],
    ['departmentId', 'department_id'],
  ] as const) {
    const value = request[field];
    if (value !== undefined) void query.where(column, value);
  }
  if (request.from !== undefined) void query.where('occurred_at', '>=', request.from);
  if (request.to !== undefined) void query.where('occurred_at', '<', request.to);
  const page = await paginate<IncidentRow>(query, ['occurred_at', 'id'], request, 'desc');
  return mapPage(page, listItem);
}

type ActionRow = {
  id: string;
  source: string;
  source_id: string;
  department_id: string | null;
  kind: string;
  description: string;
  owner_id: string | null;
  root_cause_id: string | null;
  due_date: string;
  status: string;
  overdue: number | boolean;
  notes: string | null;
  opened_at: string;
  completed_at: string | null;
};

const actionView = (r: ActionRow) => ({
  actionId: r.id,
  source: r.source,
  sourceId: r.source_id,
  departmentId: r.department_id,
  kind: r.kind,
  description: r.description,
  ownerId: r.owner_id,
  rootCauseId: r.root_cause_id,
  dueDate: r.due_date,
  status: r.status,
  overdue: Boolean(r.overdue),
  notes: r.notes,
  openedAt: r.opened_at,
  completedAt: r.completed_at,
});
export type ActionView = ReturnType<typeof actionView>;

export async function getIncident(db: Knex, id: string) {
  const row = await db<IncidentRow>('hs_incidents').where({ id }).first();
  if (row === undefined) return undefined;
  const [actions, rootCauses, timeline] = await Promise.all([
    db<ActionRow>('hs_actions').where({ source_id: id }).orderBy('opened_at').orderBy('id'),
    db('hs_root_causes').where({ incident_id: id }).orderBy('position'),
    db('hs_incident_timeline').where({ incident_id: id }).orderBy('position'),
  ]);
  const causes = (rootCauses as { id: string; category: string; description: string }[]).map((c) => ({
    rootCauseId: c.id,
    category: c.category,
    description: c.description,
  }));
  // DOMAIN.md: every root cause should have an action; a warning, not a refusal.
  const warnings = causes
    .filter((c) => !actions.some((a) => a.root_cause_id === c.rootCauseId))
    .map((c) => `root cause ${c.rootCauseId} has no action`);
  return {
    ...listItem(row),
    description: row.description,
    location: row.location,
    injuredPersonId: row.injured_person_id,
    investigatorId: row.investigator_id,
    immediateActions: row.immediate_actions,
    reportedBy: row.reported_by,
    reportedAt: row.reported_at,
    closedAt: row.closed_at,
    classification:
      row.outcome === null
        ? null
        : {
            recordable: Boolean(row.recordable),
            outcome: row.outcome,
            daysAway: row.days_away,
            daysRestricted: row.days_restricted,
            caseType: row.case_type,
            jobTitle: row.job_title,
          },
    actions: actions.map(actionView),
    rootCauses: causes,
    timeline: (
      timeline as { at: string; type: string; actor_id: string | null; position: number | string }[]
    ).map((t) => ({ at: t.at, type: t.type, actorId: t.actor_id, position: String(t.position) })),
    warnings,
  };
}

export async function findAction(db: Knex, actionId: string): Promise<ActionView | undefined> {
  const row = await db<ActionRow>('hs_actions').where({ id: actionId }).first();
  return row === undefined ? undefined : actionView(row);
}

export async function listActions(
  db: Knex,
  request: PageRequest & {
    status?: string | undefined;
    departmentId?: string | undefined;
    ownerId?: string | undefined;
    overdue?: boolean | undefined;
  },
): Promise<Page<ActionView>> {
  const query = db('hs_actions').select('*');
  if (request.status !== undefined) void query.where('status', request.status);
  if (request.departmentId !== undefined) void query.where('department_id', request.departmentId);
  if (request.ownerId !== undefined) void query.where('owner_id', request.ownerId);
  if (request.overdue !== undefined) void query.where('overdue', request.overdue);
  return mapPage(await paginate<ActionRow>(query, ['due_date', 'id'], request), actionView);
}

/** Open incident/inspection actions whose due date is before `today` and not yet flagged (for the scheduler). */
export async function actionsToFlagOverdue(db: Knex, today: string, limit = 500) {
  const rows = await db<ActionRow>('hs_actions')
    .where({ status: 'open', overdue: false })
    .where('due_date', '<', today)
    .limit(limit);
  return rows.map((r) => ({ actionId: r.id, source: r.source, sourceId: r.source_id }));
}
