/**
 * Retrying a parked event once its cause is fixed: the event is read again from the log and
 * applied to the serving generation, and its parked row goes in the same transaction. It
 * does not touch the checkpoint, which moved past the event when it was parked.
 */
import type { Knex } from 'knex';
import type { EventStore } from '../../eventstore/event-store.port.js';
import type { Projector } from '../projector.js';
import { applyEvents } from './batch-writer.js';
import { tableNamer } from './generation-tables.schema.js';
import { listParked, parkEvent, removeParked } from './parked-events.store.js';
import { ProjectionRuntimeError } from './projection-runtime.errors.js';
import { ensureState } from './projection-state.store.js';

/** True when the event applied and its row is gone; false when it failed again (the row records the new error). */
export async function retryParkedEvent(
  deps: { readonly store: EventStore; readonly db: Knex; readonly projector: Projector },
  position: bigint,
): Promise<boolean> {
  const { store, db, projector } = deps;
  const notFound = () =>
    new ProjectionRuntimeError(
      'PARKED_EVENT_NOT_FOUND',
      `${projector.name} has no parked event at ${position}`,
    );
  const { generation } = await ensureState(db, projector);
  const row = (await listParked(db, projector.name)).find(
    (p) => p.generation === generation && p.position === position,
  );
  if (row === undefined) throw notFound();
  const [event] = await store.readAll({ from: position - 1n, limit: 1 });
  if (event?.position !== position) throw notFound();
  try {
    await db.transaction(async (trx) => {
      await applyEvents(trx, projector, tableNamer(projector, generation), [event]);
      // None removed: retried at the same time elsewhere, or a switch dropped the generation.
      if ((await removeParked(trx, projector.name, generation, position)) !== 1) throw notFound();
    });
    return true;
  } catch (error) {
    if (error instanceof ProjectionRuntimeError) throw error;
    await parkEvent(db, { projector: projector.name, generation, event, error, attempts: row.attempts + 1 });
    return false;
  }
}
