/**
 * How many visitors were on site at an instant (checked in by then, not yet checked out):
 * the roll call a drill takes at its alarm time. Timestamps are ISO-8601 UTC strings of one
 * format, so they compare as text.
 */
import type { Knex } from 'knex';

export async function visitorsOnSiteAt(db: Knex, at: Date): Promise<number> {
  const instant = at.toISOString();
  const row = await db('visits')
    .whereNotNull('checked_in_at')
    .where('checked_in_at', '<=', instant)
    .where((q) => void q.whereNull('checked_out_at').orWhere('checked_out_at', '>', instant))
    .count({ n: '*' })
    .first<{ n: number | string }>();
  return Number(row?.n ?? 0);
}
