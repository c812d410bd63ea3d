/** GET /health's checks: the event store answers, the read models answer, no projector failed. */
import type { HealthCheckState, HealthReport } from '../api/app-deps.js';
import type { System } from './system.js';

const LAGGING_EVENTS = 10_000n;

export function healthCheck(system: System): () => Promise<HealthReport> {
  const probe = async (check: () => Promise<unknown>): Promise<HealthCheckState> =>
    check().then(
      () => 'ok' as const,
      () => 'down' as const,
    );
  return async () => {
    const [eventStore, readModels] = await Promise.all([
      probe(() => system.log.headPosition()),
      probe(() => system.readDb.raw('select 1')),
    ]);
    const projections = await projectionState(system);
    const down = eventStore === 'down' || readModels === 'down' || projections === 'down';
    return { status: down ? 'degraded' : 'ok', checks: { eventStore, readModels, projections } };
  };
}

async function projectionState(system: System): Promise<HealthCheckState> {
  try {
    const statuses = await system.runtime.status();
    if (statuses.some((s) => s.status === 'failed')) return 'down';
    return statuses.some((s) => BigInt(s.lagEvents) > LAGGING_EVENTS) ? 'lagging' : 'ok';
  } catch {
    return 'down';
  }
}
