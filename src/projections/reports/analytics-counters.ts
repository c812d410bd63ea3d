/** Writing the analytics counters: idempotent per event, one row per metric, hour and department. */
import type { ProjectionContext } from '../projector.js';
import type { Counts } from './analytics-metrics.js';

type Data = Record<string, unknown>;

/** Adds each non-zero count to its row unless this position already changed that row. */
export async function addCounts(
  ctx: ProjectionContext,
  position: bigint,
  hour: string,
  departmentId: string,
  counts: Counts,
): Promise<void> {
  for (const [metric, by] of Object.entries(counts)) {
    if (by === 0) continue;
    const key = { metric, hour, department_id: departmentId };
    await ctx
      .table('analytics_counters')
      .insert({ ...key, value: 0, last_position: 0 })
      .onConflict(['metric', 'hour', 'department_id'])
      .ignore();
    await ctx
      .table('analytics_counters')
      .where(key)
      .where('last_position', '<', String(position))
      .update({ value: ctx.trx.raw('?? + ?', ['value', by]), last_position: String(position) });
  }
}

/** The runtime applies one projector's events one at a time, so a look before an insert is safe. */
export async function exists(ctx: ProjectionContext, table: string, key: Data): Promise<boolean> {
  return (await ctx.table(table).where(key).first()) !== undefined;
}

export const isTrue = (value: unknown) => value === true || value === 1 || value === '1';
