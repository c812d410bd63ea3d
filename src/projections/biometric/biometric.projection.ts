/**
 * Biometric read models: templates (metadata only, never the embedding), cards (what
 * card-lookup reads) and one row per attempt or enrolment (what the statistics aggregate).
 * Every insert is keyed by its event's own id, so applying an event twice changes nothing.
 */
import type {
  BiometricAttemptEvent,
  BiometricCardEvent,
  BiometricSubjectEvent,
} from '../../events/biometric/biometric.events.js';
import type { RecordedEvent } from '../../events/envelope.js';
import type { ProjectionContext, Projector } from '../projector.js';

type Handled = BiometricSubjectEvent | BiometricCardEvent | BiometricAttemptEvent;

export const biometricProjector: Projector = {
  name: 'biometric',
  version: 1,
  handles: [
    'BiometricTemplateEnrolled',
    'BiometricSubjectErased',
    'BiometricCardIssued',
    'BiometricCardRevoked',
    'BiometricAttemptRecorded',
    'BiometricEnrolmentFailed',
  ],
  tables: {
    biometric_templates: (t) => {
      t.string('template_id', 36).primary();
      t.string('subject_id', 36).notNullable().index();
      t.string('subject_type', 20).notNullable();
      t.string('modality', 20).notNullable();
      t.double('quality').notNullable();
      t.string('model_version', 120).notNullable();
      t.string('enrolled_at', 30).notNullable();
      t.boolean('erased').notNullable();
    },
    biometric_cards: (t) => {
      t.string('card_number', 40).primary();
      t.integer('facility_code').nullable();
      t.string('holder_type', 20).notNullable();
      t.string('holder_id', 36).notNullable().index();
      t.boolean('active').notNullable();
      t.string('issued_at', 30).notNullable();
    },
    biometric_attempts: (t) => {
      t.string('id', 50).primary();
      t.string('kind', 10).notNullable();
      t.string('modality', 20).notNullable();
      t.string('decision', 10).notNullable();
      t.double('latency_ms').nullable();
      t.string('day', 10).notNullable().index();
    },
  },
  apply: (ctx, event) => applyBiometric(ctx, event as RecordedEvent<Handled>),
};

async function applyBiometric(ctx: ProjectionContext, event: RecordedEvent<Handled>): Promise<void> {
  switch (event.type) {
    case 'BiometricTemplateEnrolled': {
      const d = event.data;
      await ctx
        .table('biometric_templates')
        .insert({
          template_id: d.templateId,
          subject_id: d.subjectId,
          subject_type: d.subjectType,
          modality: d.modality,
          quality: d.quality,
          model_version: d.modelVersion,
          enrolled_at: d.enrolledAt,
          erased: false,
        })
        .onConflict('template_id')
        .ignore();
      return attempt(ctx, d.templateId, 'enroll', d.modality, 'enrolled', null, d.enrolledAt);
    }
    case 'BiometricSubjectErased':
      await ctx
        .table('biometric_templates')
        .whereIn('template_id', event.data.templateIds)
        .update({ erased: true });
      return;
    case 'BiometricCardIssued': {
      const d = event.data;
      const row = {
        facility_code: d.facilityCode,
        holder_type: d.holderType,
        holder_id: d.holderId,
        active: true,
        issued_at: d.issuedAt,
      };
      await ctx
        .table('biometric_cards')
        .insert({ card_number: d.cardNumber, ...row })
        .onConflict('card_number')
        .merge(row);
      return attempt(ctx, `card-${event.metadata.eventId}`, 'enroll', 'card', 'enrolled', null, d.issuedAt);
    }
    case 'BiometricCardRevoked':
      await ctx
        .table('biometric_cards')
        .where({ card_number: event.data.cardNumber })
        .update({ active: false });
      return;
    case 'BiometricAttemptRecorded': {
      const d = event.data;
      return attempt(ctx, d.attemptId, d.kind, d.modality, d.decision, d.latencyMs, d.attemptedAt);
    }
    case 'BiometricEnrolmentFailed': {
      const d = event.data;
      return attempt(ctx, d.attemptId, 'enroll', d.modality, 'failed', d.latencyMs, d.failedAt);
    }
  }
}

async function attempt(
  ctx: ProjectionContext,
  id: string,
  kind: string,
  modality: string,
  decision: string,
  latencyMs: number | null,
  at: string,
): Promise<void> {
  await ctx
    .table('biometric_attempts')
    .insert({ id, kind, modality, decision, latency_ms: latencyMs, day: at.slice(0, 10) })
    .onConflict('id')
    .ignore();
}
