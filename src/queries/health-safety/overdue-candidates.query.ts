/** What the health & safety scheduler looks at: items whose time has passed but which are not yet flagged. */
import type { Knex } from 'knex';
import { statusBounds } from './registers.query.js';

export async function overdueCandidates(db: Knex, now: Date, limit = 500) {
  const today = now.toISOString().slice(0, 10);
  const { now: instant, soon } = statusBounds(now);
  const [actions, inspections, obligations, training] = await Promise.all([
    db('hs_actions')
      .where({ status: 'open', overdue: false })
      .where('due_date', '<', today)
      .limit(limit)
      .select('id', 'source', 'source_id'),
    db('hs_inspections')
      .where({ status: 'scheduled', overdue: false })
      .where('scheduled_for', '<', instant)
      .limit(limit)
      .select('id'),
    db('hs_obligations')
      .where({ status: 'open', overdue: false })
      .where('due_date', '<', today)
      .limit(limit)
      .select('id'),
    db('hs_training_records')
      .where((q) => void q.where('flagged', 'valid').where('expires_at', '<=', soon))
      .orWhere((q) => void q.whereNot('flagged', 'expired').where('expires_at', '<=', instant))
      .limit(limit)
      .select('id'),
  ]);
  return {
    actions: (actions as { id: string; source: string; source_id: string }[]).map((a) => ({
      actionId: a.id,
      source: a.source,
      sourceId: a.source_id,
    })),
    inspectionIds: (inspections as { id: string }[]).map((r) => r.id),
    obligationIds: (obligations as { id: string }[]).map((r) => r.id),
    trainingRecordIds: (training as { id: string }[]).map((r) => r.id),
  };
}
