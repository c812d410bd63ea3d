/**
 * Incidents read model: the incident list and detail (root causes, timeline) and every
 * corrective/preventive action, whichever aggregate owns it (incidents and inspections).
 * Counts are recomputed from rows, never incremented, so replaying an event changes nothing.
 */
import type { RecordedEvent } from '../../events/envelope.js';
import type { CorrectiveActionEvent } from '../../events/health-safety/corrective-action.events.js';
import type { IncidentOwnEvent } from '../../events/health-safety/incident.events.js';
import { inRuns, insertIgnore, type Row } from '../batch-writes.js';
import type { ProjectionContext, Projector } from '../projector.js';

type Event = RecordedEvent<IncidentOwnEvent | CorrectiveActionEvent>;

export const incidentsProjector: Projector = {
  name: 'hs-incidents',
  // 2: list indexes end in the keyset's id, and severity has one (a filtered page reads 51 rows).
  version: 2,
  handles: [
    'IncidentReported',
    'IncidentInjuredPersonRecorded',
    'IncidentTriaged',
    'IncidentInvestigationStarted',
    'IncidentRootCauseIdentified',
    'IncidentClassified',
    'IncidentClosed',
    'IncidentReopened',
    'CorrectiveActionOpened',
    'CorrectiveActionCompleted',
    'CorrectiveActionOverdue',
  ],
  tables: {
    hs_incidents: (t) => {
      t.string('id', 36).primary();
      t.string('number', 20).notNullable().unique();
      t.string('title', 300).notNullable();
      t.text('description').notNullable();
      t.string('type', 20).notNullable();
      t.string('severity', 10).notNullable();
      t.string('status', 20).notNullable();
      t.string('occurred_at', 30).notNullable();
      t.string('location', 300).notNullable();
      t.string('department_id', 36).notNullable();
      t.string('injured_person_id', 64).nullable();
      t.string('investigator_id', 36).nullable();
      t.text('immediate_actions').nullable();
      t.string('reported_by', 64).notNullable();
      t.string('reported_at', 30).notNullable();
      t.string('closed_at', 30).nullable();
      t.boolean('recordable').notNullable();
      t.string('outcome', 20).nullable();
      t.integer('days_away').notNullable();
      t.integer('days_restricted').notNullable();
      t.string('case_type', 20).nullable();
      t.string('job_title', 200).nullable();
      t.integer('open_actions').notNullable();
      t.index(['occurred_at', 'id']);
      t.index(['department_id', 'occurred_at', 'id']);
      t.index(['status', 'occurred_at', 'id']);
      t.index(['severity', 'occurred_at', 'id']);
    },
    hs_actions: (t) => {
      t.string('id', 36).primary();
      t.string('source', 20).notNullable();
      t.string('source_id', 36).notNullable().index();
      t.string('department_id', 36).nullable().index();
      t.string('kind', 20).notNullable();
      t.text('description').notNullable();
      t.string('owner_id', 36).nullable();
      t.string('root_cause_id', 36).nullable();
      t.string('due_date', 10).notNullable().index();
      t.string('status', 10).notNullable();
      t.boolean('overdue').notNullable();
      t.text('notes').nullable();
      t.string('opened_at', 30).notNullable();
      t.string('completed_at', 30).nullable();
    },
    hs_root_causes: (t) => {
      t.string('id', 36).primary();
      t.string('incident_id', 36).notNullable().index();
      t.string('category', 100).notNullable();
      t.text('description').notNullable();
      t.bigInteger('position').notNullable();
    },
    hs_incident_timeline: (t) => {
      t.string('event_id', 36).primary();
      t.string('incident_id', 36).notNullable();
      t.bigInteger('position').notNullable();
      t.string('at', 30).notNullable();
      t.string('type', 60).notNullable();
      t.string('actor_id', 64).nullable();
      t.index(['incident_id', 'position']);
    },
  },
  apply: (ctx, event) => applyIncidentEvents(ctx, [event as Event]),
  applyBatch: (ctx, events) => applyIncidentEvents(ctx, events as readonly Event[]),
};

/** A batch in order; a run of new reports (the bulk under load) is two multi-row inserts. */
async function applyIncidentEvents(ctx: ProjectionContext, events: readonly Event[]): Promise<void> {
  await inRuns(
    events,
    (e) => e.type === 'IncidentReported',
    (run) => reported(ctx, run),
    (e) => applyIncidentEvent(ctx, e),
  );
}

async function reported(ctx: ProjectionContext, events: readonly Event[]): Promise<void> {
  await insertIgnore(ctx, 'hs_incident_timeline', ['event_id'], events.map(timelineRow));
  const rows = events.flatMap((event) => {
    if (event.type !== 'IncidentReported') return [];
    const r = event.data;
    return [
      {
        id: r.incidentId,
        number: r.number,
        title: r.title,
        description: r.description,
        type: r.type,
        severity: r.severity,
        status: 'reported',
        occurred_at: r.occurredAt,
        location: r.location,
        department_id: r.departmentId,
        immediate_actions: r.immediateActions,
        reported_by: r.reportedBy,
        reported_at: r.reportedAt,
        recordable: false,
        days_away: 0,
        days_restricted: 0,
        open_actions: 0,
      },
    ];
  });
  await insertIgnore(ctx, 'hs_incidents', ['id'], rows);
}

async function applyIncidentEvent(ctx: ProjectionContext, event: Event): Promise<void> {
  if (event.type === 'IncidentReported') return reported(ctx, [event]);
  if (event.streamId.startsWith('incident-'))
    await insertIgnore(ctx, 'hs_incident_timeline', ['event_id'], [timelineRow(event)]);
  const incidents = () => ctx.table('hs_incidents');
  switch (event.type) {
    case 'IncidentInjuredPersonRecorded':
      await incidents()
        .where({ id: event.data.incidentId })
        .update({ injured_person_id: event.data.injuredPersonId });
      return;
    case 'IncidentTriaged':
      await incidents().where({ id: event.data.incidentId }).update({ severity: event.data.severity });
      return;
    case 'IncidentInvestigationStarted':
      await incidents()
        .where({ id: event.data.incidentId })
        .update({ investigator_id: event.data.investigatorId });
      await incidents()
        .where({ id: event.data.incidentId, status: 'reported' })
        .update({ status: 'under_investigation' });
      return;
    case 'IncidentRootCauseIdentified':
      await ctx
        .table('hs_root_causes')
        .insert({
          id: event.data.rootCauseId,
          incident_id: event.data.incidentId,
          category: event.data.category,
          description: event.data.description,
          position: String(event.position),
        })
        .onConflict('id')
        .ignore();
      return;
    case 'IncidentClassified': {
      const c = event.data;
      await incidents().where({ id: c.incidentId }).update({
        recordable: c.recordable,
        outcome: c.outcome,
        days_away: c.daysAway,
        days_restricted: c.daysRestricted,
        case_type: c.caseType,
        job_title: c.jobTitle,
      });
      return;
    }
    case 'IncidentClosed':
      await incidents()
        .where({ id: event.data.incidentId })
        .update({ status: 'closed', closed_at: event.data.closedAt });
      return;
    case 'IncidentReopened':
      await incidents()
        .where({ id: event.data.incidentId })
        .update({ status: 'under_investigation', closed_at: null });
      return;
    case 'CorrectiveActionOpened':
    case 'CorrectiveActionCompleted':
    case 'CorrectiveActionOverdue':
      await applyActionEvent(ctx, event);
      await recountOpenActions(ctx, event.data.sourceId, event.type === 'CorrectiveActionOpened');
  }
}

async function applyActionEvent(
  ctx: ProjectionContext,
  event: RecordedEvent<CorrectiveActionEvent>,
): Promise<void> {
  const actions = () => ctx.table('hs_actions');
  switch (event.type) {
    case 'CorrectiveActionOpened': {
      const a = event.data;
      const incident = await ctx
        .table('hs_incidents')
        .where({ id: a.sourceId })
        .first<{ department_id: string } | undefined>('department_id');
      await actions()
        .insert({
          id: a.actionId,
          source: a.source,
          source_id: a.sourceId,
          department_id: a.ownerDepartmentId ?? incident?.department_id ?? null,
          kind: a.kind,
          description: a.description,
          owner_id: a.ownerId,
          root_cause_id: a.rootCauseId,
          due_date: a.dueDate,
          status: 'open',
          overdue: false,
          opened_at: a.openedAt,
        })
        .onConflict('id')
        .ignore();
      return;
    }
    case 'CorrectiveActionCompleted':
      await actions()
        .where({ id: event.data.actionId })
        .update({ status: 'completed', notes: event.data.notes, completed_at: event.data.completedAt });
      return;
    case 'CorrectiveActionOverdue':
      await actions().where({ id: event.data.actionId }).update({ overdue: true });
      return;
  }
}

async function recountOpenActions(
  ctx: ProjectionContext,
  incidentId: string,
  opened: boolean,
): Promise<void> {
  const row = await ctx
    .table('hs_actions')
    .where({ source_id: incidentId, status: 'open' })
    .count({ n: '*' })
    .first<{ n: number | string } | undefined>();
  const update: Record<string, unknown> = { open_actions: Number(row?.n ?? 0) };
  await ctx.table('hs_incidents').where({ id: incidentId }).update(update);
  // The first action moves an open incident on to actions_pending (DOMAIN.md lifecycle).
  if (opened)
    await ctx
      .table('hs_incidents')
      .where({ id: incidentId })
      .whereIn('status', ['reported', 'under_investigation'])
      .update({ status: 'actions_pending' });
}

function timelineRow(event: Event): Row {
  const actor = event.metadata.actor;
  return {
    event_id: event.metadata.eventId,
    incident_id: event.streamId.slice('incident-'.length),
    position: String(event.position),
    at: event.metadata.occurredAt,
    type: event.type,
    actor_id: 'userId' in actor ? actor.userId : actor.system,
  };
}
