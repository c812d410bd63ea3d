/**
 * Inspections (with their checklist and responses), training courses and records, and the
 * hazard register. Training status is not stored: it depends on "now", so queries compute it
 * from `expires_at`.
 */
import type { RecordedEvent } from '../../events/envelope.js';
import type { HazardEvent } from '../../events/health-safety/hazard.events.js';
import type { InspectionOwnEvent } from '../../events/health-safety/inspection.events.js';
import type { CourseEvent, TrainingRecordEvent } from '../../events/health-safety/training.events.js';
import type { ProjectionContext, Projector } from '../projector.js';

type Event = RecordedEvent<InspectionOwnEvent | CourseEvent | TrainingRecordEvent | HazardEvent>;

export const inspectionsTrainingProjector: Projector = {
  name: 'hs-inspections-training',
  version: 1,
  handles: [
    'InspectionScheduled',
    'InspectionCompleted',
    'InspectionOverdue',
    'TrainingCourseCreated',
    'TrainingCompleted',
    'TrainingExpiring',
    'TrainingExpired',
    'HazardIdentified',
    'HazardAssessed',
  ],
  tables: {
    hs_inspections: (t) => {
      t.string('id', 36).primary();
      t.string('title', 300).notNullable();
      t.string('location', 300).notNullable();
      t.string('department_id', 36).notNullable().index();
      t.string('scheduled_for', 30).notNullable();
      t.string('inspector_id', 36).notNullable();
      t.string('status', 12).notNullable();
      t.boolean('overdue').notNullable();
      t.float('score').nullable();
      t.text('checklist').notNullable();
      t.text('responses').nullable();
      t.text('failed_items').nullable();
      t.string('completed_at', 30).nullable();
      t.index(['scheduled_for', 'id']);
    },
    hs_courses: (t) => {
      t.string('id', 36).primary();
      t.string('name', 200).notNullable();
      t.integer('validity_months').notNullable();
      t.text('required_for_roles').notNullable();
    },
    hs_training_records: (t) => {
      t.string('id', 36).primary();
      t.string('employee_id', 36).notNullable().index();
      t.string('course_id', 36).notNullable();
      t.string('completed_at', 30).notNullable();
      t.string('expires_at', 30).notNullable().index();
      t.string('trainer', 200).nullable();
      t.float('score').nullable();
      t.string('flagged', 10).notNullable();
    },
    hs_hazards: (t) => {
      t.string('id', 36).primary();
      t.string('title', 300).notNullable();
      t.text('description').notNullable();
      t.string('location', 300).notNullable();
      t.string('department_id', 36).notNullable().index();
      t.text('initial').notNullable();
      t.text('residual').nullable();
      t.string('risk_level', 10).notNullable();
      t.integer('risk_score').notNullable();
      t.text('controls').notNullable();
      t.string('review_date', 10).nullable();
      t.string('identified_at', 30).notNullable();
      t.integer('assessments').notNullable();
      t.bigInteger('position').notNullable();
    },
  },
  apply: (ctx, event) => applyEvent(ctx, event as Event),
};

async function applyEvent(ctx: ProjectionContext, event: Event): Promise<void> {
  switch (event.type) {
    case 'InspectionScheduled': {
      const i = event.data;
      await ctx
        .table('hs_inspections')
        .insert({
          id: i.inspectionId,
          title: i.title,
          location: i.location,
          department_id: i.departmentId,
          scheduled_for: i.scheduledFor,
          inspector_id: i.inspectorId,
          status: 'scheduled',
          overdue: false,
          checklist: JSON.stringify(i.checklist),
        })
        .onConflict('id')
        .ignore();
      return;
    }
    case 'InspectionCompleted': {
      const c = event.data;
      await ctx
        .table('hs_inspections')
        .where({ id: c.inspectionId })
        .update({
          status: 'completed',
          score: c.score,
          responses: JSON.stringify(c.responses),
          failed_items: JSON.stringify(c.failedItems),
          completed_at: c.completedAt,
        });
      return;
    }
    case 'InspectionOverdue':
      await ctx.table('hs_inspections').where({ id: event.data.inspectionId }).update({ overdue: true });
      return;
    case 'TrainingCourseCreated': {
      const c = event.data;
      await ctx
        .table('hs_courses')
        .insert({
          id: c.courseId,
          name: c.name,
          validity_months: c.validityMonths,
          required_for_roles: JSON.stringify(c.requiredForRoles),
        })
        .onConflict('id')
        .ignore();
      return;
    }
    case 'TrainingCompleted': {
      const r = event.data;
      await ctx
        .table('hs_training_records')
        .insert({
          id: r.recordId,
          employee_id: r.employeeId,
          course_id: r.courseId,
          completed_at: r.completedAt,
          expires_at: r.expiresAt,
          trainer: r.trainer,
          score: r.score,
          flagged: 'valid',
        })
        .onConflict('id')
        .ignore();
      return;
    }
    case 'TrainingExpiring':
    case 'TrainingExpired':
      await ctx
        .table('hs_training_records')
        .where({ id: event.data.recordId })
        .update({ flagged: event.type === 'TrainingExpiring' ? 'expiring' : 'expired' });
      return;
    case 'HazardIdentified':
    case 'HazardAssessed':
      await applyHazardEvent(ctx, event);
  }
}

async function applyHazardEvent(ctx: ProjectionContext, event: RecordedEvent<HazardEvent>): Promise<void> {
  if (event.type === 'HazardIdentified') {
    const h = event.data;
    await ctx
      .table('hs_hazards')
      .insert({
        id: h.hazardId,
        title: h.title,
        description: h.description,
        location: h.location,
        department_id: h.departmentId,
        initial: JSON.stringify(h.initial),
        risk_level: h.initial.riskLevel,
        risk_score: h.initial.riskScore,
        controls: JSON.stringify(h.controls),
        review_date: h.reviewDate,
        identified_at: h.identifiedAt,
        assessments: 0,
        position: String(event.position),
      })
      .onConflict('id')
      .ignore();
    return;
  }
  const a = event.data;
  // Guarded by position so a replayed assessment neither counts twice nor rolls back a later one.
  await ctx
    .table('hs_hazards')
    .where({ id: a.hazardId })
    .where('position', '<', String(event.position))
    .update({
      residual: JSON.stringify(a.residual),
      risk_level: a.residual.riskLevel,
      risk_score: a.residual.riskScore,
      controls: JSON.stringify(a.controls),
      review_date: a.nextReviewDate,
      assessments: ctx.trx.raw('assessments + 1'),
      position: String(event.position),
    });
}
