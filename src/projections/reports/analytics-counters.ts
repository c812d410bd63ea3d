/** Writing the analytics counters: idempotent per event, one row per metric, hour and department. */
import { counterBatch, type CounterBatch } from '../batch-writes.js';
import type { ProjectionContext } from '../projector.js';
import type { Counts } from './analytics-metrics.js';

type Data = Record<string, unknown>;

/** A projection context whose counter increments are summed over the batch and written at its end. */
export type CountingContext = ProjectionContext & { readonly counters: CounterBatch };

export const analyticsCounters = () =>
  counterBatch('analytics_counters', ['metric', 'hour', 'department_id'], ['value']);

/** Adds each non-zero count to its row (idempotent per event: see counterBatch). */
export function addCounts(
  ctx: CountingContext,
  position: bigint,
  hour: string,
  departmentId: string,
  counts: Counts,
): void {
  for (const [metric, by] of Object.entries(counts))
    if (by !== 0) ctx.counters.add({ metric, hour, department_id: departmentId }, { value: by }, position);
}

/** The runtime applies one projector's events one at a time, so a look before an insert is safe. */
export async function exists(ctx: ProjectionContext, table: string, key: Data): Promise<boolean> {
  return (await ctx.table(table).where(key).first()) !== undefined;
}

export const isTrue = (value: unknown) => value === true || value === 1 || value === '1';
