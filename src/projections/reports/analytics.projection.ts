/**
 * The analytics read model (issue #10): counters per UTC hour and department that KPIs, trends
 * and dashboards sum, so no request scans raw rows. Hours are the bucket so that any whole-hour
 * time zone can cut days, ISO weeks and months at query time. A visit counts under its host's
 * department, an action under its owner's, an incident and an inspection under their own.
 *
 * Idempotent per event: entity rows (visits, incidents, actions) hold what was counted for
 * them, so a repeat adds the difference (nothing), and every counter row remembers the last
 * position that changed it. Personal data never lands here; erasure leaves the figures whole.
 */
import type { RecordedEvent } from '../../events/envelope.js';
import type { ProjectionContext, Projector } from '../projector.js';
import { actionChanged } from './analytics-actions.js';
import { inRuns, insertIgnore, type Row } from '../batch-writes.js';
import { addCounts, analyticsCounters, isTrue, type CountingContext } from './analytics-counters.js';
import { hourOf, incidentCounts, type Counts, type IncidentFacts } from './analytics-metrics.js';

type Data = Record<string, unknown>;
type IncidentRow = {
  hour: string;
  department_id: string;
  type: string;
  recordable: number | boolean;
  outcome: string | null;
  days_away: number;
  days_restricted: number;
  reported_at: string;
  closed_at: string | null;
};

export const analyticsProjector: Projector = {
  name: 'analytics',
  version: 3,
  handles: [
    'UserRegistered',
    'VisitorCheckedIn',
    'VisitorCheckedOut',
    'IncidentReported',
    'IncidentClassified',
    'IncidentClosed',
    'IncidentReopened',
    'CorrectiveActionOpened',
    'CorrectiveActionCompleted',
    'CorrectiveActionOverdue',
    'InspectionCompleted',
    'BiometricAttemptRecorded',
    'HoursWorkedRecorded',
  ],
  tables: {
    analytics_counters: (t) => {
      t.string('metric', 40).notNullable();
      t.string('hour', 13).notNullable();
      t.string('department_id', 36).notNullable();
      t.double('value').notNullable();
      t.bigInteger('last_position').notNullable();
      t.primary(['metric', 'hour', 'department_id']);
      t.index(['hour', 'department_id']);
      // One department over a range of hours.
      t.index(['department_id', 'hour']);
    },
    analytics_visitor_hours: (t) => {
      t.string('hour', 13).notNullable();
      t.string('department_id', 36).notNullable();
      t.string('visitor_id', 36).notNullable();
      t.primary(['hour', 'department_id', 'visitor_id']);
    },
    analytics_hours_worked: (t) => {
      t.string('department_id', 36).notNullable();
      t.string('month', 7).notNullable();
      t.double('hours').notNullable();
      t.primary(['department_id', 'month']);
    },
    analytics_people: (t) => {
      t.string('user_id', 36).primary();
      t.string('department_id', 36).notNullable();
    },
    analytics_visits: (t) => {
      t.string('visit_id', 36).primary();
      t.string('hour', 13).notNullable();
      t.string('department_id', 36).notNullable();
      t.boolean('completed').notNullable();
    },
    analytics_incidents: (t) => {
      t.string('incident_id', 36).primary();
      t.string('hour', 13).notNullable();
      t.string('department_id', 36).notNullable();
      t.string('type', 20).notNullable();
      t.boolean('recordable').notNullable();
      t.string('outcome', 20).nullable();
      t.integer('days_away').notNullable();
      t.integer('days_restricted').notNullable();
      t.string('reported_at', 30).notNullable();
      t.string('closed_at', 30).nullable();
    },
    analytics_actions: (t) => {
      t.string('action_id', 36).primary();
      t.string('department_id', 36).notNullable();
      t.string('due_date', 10).notNullable();
      t.boolean('completed').notNullable();
      t.boolean('overdue').notNullable();
    },
  },
  apply: (ctx, event) => applyBatch(ctx, [event]),
  applyBatch: (ctx, events) => applyBatch(ctx, events),
};

/**
 * A batch in order, with its counter increments summed and written at the end; a run of
 * check-ins (the bulk of a busy site's log) is handled with one read and one insert per table.
 */
async function applyBatch(ctx: ProjectionContext, events: readonly RecordedEvent[]): Promise<void> {
  const counting: CountingContext = { ...ctx, counters: analyticsCounters() };
  await inRuns(
    events,
    (e) => e.type === 'VisitorCheckedIn',
    (run) => checkedIn(counting, run),
    (e) => applyAnalytics(counting, e),
  );
  await counting.counters.write(ctx);
}

async function applyAnalytics(ctx: CountingContext, event: RecordedEvent): Promise<void> {
  const d = event.data as Data;
  const count = (at: string, departmentId: string, counts: Counts) =>
    addCounts(ctx, event.position, hourOf(at), departmentId, counts);
  switch (event.type) {
    case 'UserRegistered':
      await ctx
        .table('analytics_people')
        .insert({ user_id: d.userId, department_id: d.departmentId ?? '' })
        .onConflict('user_id')
        .merge();
      return;
    case 'VisitorCheckedIn':
      return checkedIn(ctx, [event]);
    case 'VisitorCheckedOut': {
      const visit = await ctx
        .table('analytics_visits')
        .where({ visit_id: d.visitId })
        .first<Data | undefined>();
      if (visit === undefined || isTrue(visit.completed)) return;
      await ctx.table('analytics_visits').where({ visit_id: d.visitId }).update({ completed: true });
      addCounts(ctx, event.position, String(visit.hour), String(visit.department_id), {
        visits_completed: 1,
        visit_minutes: Number(d.durationMinutes),
      });
      return;
    }
    case 'IncidentReported':
    case 'IncidentClassified':
    case 'IncidentClosed':
    case 'IncidentReopened':
      return incidentChanged(ctx, event);
    case 'CorrectiveActionOpened':
    case 'CorrectiveActionCompleted':
    case 'CorrectiveActionOverdue':
      return actionChanged(ctx, event);
    case 'InspectionCompleted': {
      const score = d.score as number | null;
      count(String(d.completedAt), String(d.departmentId), {
        inspections_completed: 1,
        ...(score !== null && { inspections_scored: 1, inspection_score_sum: score }),
      });
      return;
    }
    case 'BiometricAttemptRecorded': {
      const verify = d.kind === 'verify';
      count(String(d.attemptedAt), '', {
        [verify ? 'biometric_verifications' : 'biometric_identifications']: 1,
        ...(verify && d.decision === 'accept' && { biometric_accepts: 1 }),
        ...(verify && d.decision === 'reject' && { biometric_rejects: 1 }),
      });
      return;
    }
    case 'HoursWorkedRecorded':
      await ctx
        .table('analytics_hours_worked')
        .insert({ department_id: d.departmentId, month: d.month, hours: d.hours })
        .onConflict(['department_id', 'month'])
        .merge();
      return;
  }
}

/** Check-ins: each visit counted once, under its host's department. */
async function checkedIn(ctx: CountingContext, events: readonly RecordedEvent[]): Promise<void> {
  const checkIns = events.map((event) => ({ position: event.position, d: event.data as Data }));
  const hostIds = [...new Set(checkIns.map(({ d }) => String(d.hostId)))];
  const departments = new Map<string, string>();
  const people = await ctx
    .table('analytics_people')
    .whereIn('user_id', hostIds)
    .select<{ user_id: string; department_id: string }[]>('user_id', 'department_id');
  for (const person of people) departments.set(person.user_id, person.department_id);
  const counted = new Set<string>(
    await ctx
      .table('analytics_visits')
      .whereIn(
        'visit_id',
        checkIns.map(({ d }) => String(d.visitId)),
      )
      .pluck('visit_id'),
  );
  const visits: Row[] = [];
  const visitorHours = new Map<string, Row>();
  for (const { position, d } of checkIns) {
    const visitId = String(d.visitId);
    if (counted.has(visitId)) continue;
    counted.add(visitId);
    const departmentId = departments.get(String(d.hostId)) ?? '';
    const hour = hourOf(String(d.checkedInAt));
    visits.push({ visit_id: visitId, hour, department_id: departmentId, completed: false });
    const visitor = { hour, department_id: departmentId, visitor_id: String(d.visitorId) };
    visitorHours.set(JSON.stringify(visitor), visitor);
    addCounts(ctx, position, hour, departmentId, { visits: 1 });
  }
  await insertIgnore(ctx, 'analytics_visits', ['visit_id'], visits);
  await insertIgnore(
    ctx,
    'analytics_visitor_hours',
    ['hour', 'department_id', 'visitor_id'],
    [...visitorHours.values()],
  );
}

/** Re-derives the incident's facts and adds the difference to the counters. */
async function incidentChanged(ctx: CountingContext, event: RecordedEvent): Promise<void> {
  const d = event.data as Data;
  const old = await ctx
    .table('analytics_incidents')
    .where({ incident_id: d.incidentId })
    .first<IncidentRow | undefined>();
  if (old === undefined && event.type !== 'IncidentReported') return;
  const next: IncidentRow =
    old === undefined
      ? {
          hour: hourOf(String(d.occurredAt)),
          department_id: String(d.departmentId),
          type: String(d.type),
          recordable: false,
          outcome: null,
          days_away: 0,
          days_restricted: 0,
          reported_at: String(d.reportedAt),
          closed_at: null,
        }
      : { ...old };
  if (event.type === 'IncidentClassified')
    Object.assign(next, {
      recordable: d.recordable === true,
      outcome: d.outcome,
      days_away: d.daysAway,
      days_restricted: d.daysRestricted,
    });
  if (event.type === 'IncidentClosed') next.closed_at ??= String(d.closedAt);
  if (event.type === 'IncidentReopened') next.closed_at = null;

  const before = old === undefined ? {} : incidentCounts(facts(old));
  addCounts(ctx, event.position, next.hour, next.department_id, minus(incidentCounts(facts(next)), before));
  if (old?.closed_at !== next.closed_at) {
    if (old?.closed_at != null) addClose(ctx, event.position, old, -1);
    if (next.closed_at !== null) addClose(ctx, event.position, next, 1);
  }
  if (old === undefined)
    await ctx.table('analytics_incidents').insert({ incident_id: d.incidentId, ...next });
  else await ctx.table('analytics_incidents').where({ incident_id: d.incidentId }).update(next);
}

function addClose(ctx: CountingContext, position: bigint, row: IncidentRow, sign: 1 | -1) {
  const days = (Date.parse(row.closed_at!) - Date.parse(row.reported_at)) / 86_400_000;
  return addCounts(ctx, position, hourOf(row.closed_at!), row.department_id, {
    incidents_closed: sign,
    days_to_close: sign * days,
  });
}

function facts(row: IncidentRow): IncidentFacts {
  return {
    type: row.type,
    recordable: isTrue(row.recordable),
    outcome: row.outcome,
    daysAway: Number(row.days_away),
    daysRestricted: Number(row.days_restricted),
  };
}

function minus(after: Counts, before: Counts): Counts {
  const delta: Record<string, number> = { ...after };
  for (const [metric, value] of Object.entries(before)) delta[metric] = (delta[metric] ?? 0) - value;
  return delta;
}
