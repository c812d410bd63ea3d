/** Obligations register, hours worked per department and month, emergency procedure versions and drills. */
import type { RecordedEvent } from '../../events/envelope.js';
import type { HoursWorkedEvent, ObligationEvent } from '../../events/health-safety/compliance.events.js';
import type { DrillEvent, ProcedureEvent } from '../../events/health-safety/emergency.events.js';
import type { ProjectionContext, Projector } from '../projector.js';

type Event = RecordedEvent<ObligationEvent | HoursWorkedEvent | ProcedureEvent | DrillEvent>;

export const safetyRegistersProjector: Projector = {
  name: 'hs-registers',
  version: 1,
  handles: [
    'ObligationRegistered',
    'ObligationCompleted',
    'ObligationOverdue',
    'HoursWorkedRecorded',
    'EmergencyProcedureVersionPublished',
    'DrillRecorded',
  ],
  tables: {
    hs_obligations: (t) => {
      t.string('id', 36).primary();
      t.string('title', 300).notNullable();
      t.text('description').nullable();
      t.string('department_id', 36).nullable().index();
      t.string('owner_id', 36).notNullable();
      t.string('due_date', 10).notNullable();
      t.string('recurrence', 10).notNullable();
      t.string('status', 10).notNullable();
      t.boolean('overdue').notNullable();
      t.string('last_completed_at', 30).nullable();
      t.text('last_evidence').nullable();
      t.boolean('last_on_time').nullable();
      t.integer('completed_on_time').notNullable();
      t.integer('completed_late').notNullable();
      t.bigInteger('position').notNullable();
    },
    hs_hours_worked: (t) => {
      t.string('department_id', 36).notNullable();
      t.string('month', 7).notNullable();
      t.float('hours').notNullable();
      t.primary(['department_id', 'month']);
    },
    hs_procedure_versions: (t) => {
      t.string('procedure_id', 36).notNullable();
      t.integer('version').notNullable();
      t.string('title', 300).notNullable();
      t.text('content').notNullable();
      t.string('department_id', 36).nullable();
      t.string('published_at', 30).notNullable();
      t.primary(['procedure_id', 'version']);
    },
    hs_drills: (t) => {
      t.string('id', 36).primary();
      t.string('procedure_id', 36).notNullable().index();
      t.integer('procedure_version').notNullable();
      t.string('started_at', 30).notNullable();
      t.string('all_clear_at', 30).notNullable();
      t.integer('elapsed_seconds').notNullable();
      t.integer('participants').notNullable();
      t.integer('expected_on_site').notNullable();
      t.integer('accounted_for').notNullable();
      t.string('roll_call_source', 30).notNullable();
      t.text('notes').nullable();
    },
  },
  apply: (ctx, event) => applyEvent(ctx, event as Event),
};

async function applyEvent(ctx: ProjectionContext, event: Event): Promise<void> {
  switch (event.type) {
    case 'ObligationRegistered': {
      const o = event.data;
      await ctx
        .table('hs_obligations')
        .insert({
          id: o.obligationId,
          title: o.title,
          description: o.description,
          department_id: o.departmentId,
          owner_id: o.ownerId,
          due_date: o.dueDate,
          recurrence: o.recurrence,
          status: 'open',
          overdue: false,
          completed_on_time: 0,
          completed_late: 0,
          position: String(event.position),
        })
        .onConflict('id')
        .ignore();
      return;
    }
    case 'ObligationCompleted': {
      const c = event.data;
      // Guarded by position: a replay must not count a completion twice.
      await ctx
        .table('hs_obligations')
        .where({ id: c.obligationId })
        .where('position', '<', String(event.position))
        .update({
          status: c.nextDueDate === null ? 'completed' : 'open',
          due_date: c.nextDueDate ?? c.dueDate,
          overdue: false,
          last_completed_at: c.completedAt,
          last_evidence: c.evidence,
          last_on_time: c.onTime,
          [c.onTime ? 'completed_on_time' : 'completed_late']: ctx.trx.raw(
            c.onTime ? 'completed_on_time + 1' : 'completed_late + 1',
          ),
          position: String(event.position),
        });
      return;
    }
    case 'ObligationOverdue':
      await ctx
        .table('hs_obligations')
        .where({ id: event.data.obligationId, due_date: event.data.dueDate })
        .update({ overdue: true });
      return;
    case 'HoursWorkedRecorded':
      await ctx
        .table('hs_hours_worked')
        .insert({ department_id: event.data.departmentId, month: event.data.month, hours: event.data.hours })
        .onConflict(['department_id', 'month'])
        .merge(['hours']);
      return;
    case 'EmergencyProcedureVersionPublished': {
      const p = event.data;
      await ctx
        .table('hs_procedure_versions')
        .insert({
          procedure_id: p.procedureId,
          version: p.version,
          title: p.title,
          content: p.content,
          department_id: p.departmentId,
          published_at: p.publishedAt,
        })
        .onConflict(['procedure_id', 'version'])
        .ignore();
      return;
    }
    case 'DrillRecorded': {
      const d = event.data;
      await ctx
        .table('hs_drills')
        .insert({
          id: d.drillId,
          procedure_id: d.procedureId,
          procedure_version: d.procedureVersion,
          started_at: d.startedAt,
          all_clear_at: d.allClearAt,
          elapsed_seconds: d.elapsedSeconds,
          participants: d.participants,
          expected_on_site: d.expectedOnSite,
          accounted_for: d.accountedFor,
          roll_call_source: d.rollCallSource,
          notes: d.notes,
        })
        .onConflict('id')
        .ignore();
      return;
    }
  }
}
