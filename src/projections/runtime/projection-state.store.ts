/**
 * The projector state rows. Every checkpoint write is guarded by the value it replaces, in
 * the same transaction as the read-model changes: if another process moved it (a lease that
 * expired under a slow batch), the write matches no row and the whole batch rolls back, so
 * an event never takes effect twice even when two processes briefly both think they own it.
 */
import type { Knex } from 'knex';
import type { Projector } from '../projector.js';
import { ProjectionRuntimeError } from './projection-runtime.errors.js';
import { STATE_TABLE } from './projection-runtime.schema.js';
import type { RuntimeLogger } from './runtime-logger.js';

export type RunnerStatus = 'catching_up' | 'live' | 'rebuilding' | 'failed' | 'stopped';

/** Which checkpoint a runner owns: the serving generation's, or the rebuild's. */
export type CheckpointSlot = 'live' | 'rebuild';

export type RebuildState = {
  readonly generation: number;
  readonly version: number;
  readonly checkpoint: bigint;
  readonly target: bigint;
};

export type ProjectionState = {
  readonly name: string;
  readonly version: number;
  readonly generation: number;
  readonly checkpoint: bigint;
  readonly status: RunnerStatus;
  readonly updatedAt: number;
  readonly rebuild: RebuildState | undefined;
};

type StateRow = {
  name: string;
  version: number | string;
  generation: number | string;
  checkpoint: number | string | bigint;
  status: string;
  updated_at: number | string;
  rebuild_generation: number | string | null;
  rebuild_version: number | string | null;
  rebuild_checkpoint: number | string | bigint | null;
  rebuild_target: number | string | bigint | null;
};

function toState(row: StateRow): ProjectionState {
  return {
    name: row.name,
    version: Number(row.version),
    generation: Number(row.generation),
    checkpoint: BigInt(row.checkpoint),
    status: row.status as RunnerStatus,
    updatedAt: Number(row.updated_at),
    rebuild:
      row.rebuild_generation === null
        ? undefined
        : {
            generation: Number(row.rebuild_generation),
            version: Number(row.rebuild_version ?? 0),
            checkpoint: BigInt(row.rebuild_checkpoint ?? 0),
            target: BigInt(row.rebuild_target ?? 0),
          },
  };
}

export async function readStates(db: Knex): Promise<Map<string, ProjectionState>> {
  const rows = await db<StateRow>(STATE_TABLE).select('*');
  return new Map(rows.map((row) => [row.name, toState(row)]));
}

/** The projector's state, created (generation 0, nothing built) when it has none. */
export async function ensureState(db: Knex, projector: Projector): Promise<ProjectionState> {
  await db(STATE_TABLE)
    .insert({
      name: projector.name,
      version: projector.version,
      generation: 0,
      checkpoint: '0',
      status: 'catching_up',
      updated_at: Date.now(),
    })
    .onConflict('name')
    .ignore();
  const row = await db<StateRow>(STATE_TABLE).where({ name: projector.name }).first();
  if (row === undefined) throw new Error(`projection state for ${projector.name} vanished`);
  return toState(row);
}

/** Moves a checkpoint from `from` to `to` inside the batch transaction, or throws CHECKPOINT_CONFLICT. */
export async function advanceCheckpoint(
  trx: Knex.Transaction,
  name: string,
  slot: CheckpointSlot,
  generation: number,
  from: bigint,
  to: bigint,
): Promise<void> {
  const updated =
    slot === 'live'
      ? await trx(STATE_TABLE)
          .where({ name, generation, checkpoint: String(from) })
          .update({ checkpoint: String(to), updated_at: Date.now() })
      : await trx(STATE_TABLE)
          .where({ name, rebuild_generation: generation, rebuild_checkpoint: String(from) })
          .update({ rebuild_checkpoint: String(to), updated_at: Date.now() });
  if (updated !== 1)
    throw new ProjectionRuntimeError(
      'CHECKPOINT_CONFLICT',
      `${name}: the ${slot} checkpoint of generation ${generation} moved under this process`,
    );
}

export async function writeStatus(db: Knex, name: string, status: RunnerStatus): Promise<void> {
  await db(STATE_TABLE).where({ name }).update({ status, updated_at: Date.now() });
}

/** Makes generation 1 the serving one on a projector's first start. */
export async function setFirstGeneration(db: Knex, name: string, version: number): Promise<void> {
  await db(STATE_TABLE)
    .where({ name, generation: 0 })
    .update({ generation: 1, version, checkpoint: '0', updated_at: Date.now() });
}

export async function beginRebuild(
  db: Knex,
  name: string,
  rebuild: { readonly generation: number; readonly version: number; readonly target: bigint },
): Promise<void> {
  await db(STATE_TABLE)
    .where({ name })
    .update({
      rebuild_generation: rebuild.generation,
      rebuild_version: rebuild.version,
      rebuild_checkpoint: '0',
      rebuild_target: String(rebuild.target),
      status: 'rebuilding',
      updated_at: Date.now(),
    });
}

export async function clearRebuild(db: Knex, name: string): Promise<void> {
  await db(STATE_TABLE).where({ name }).update({
    rebuild_generation: null,
    rebuild_version: null,
    rebuild_checkpoint: null,
    rebuild_target: null,
    updated_at: Date.now(),
  });
}

/** The switch's state half: the rebuilt generation serves, from the rebuild's checkpoint. */
export async function commitSwitch(
  db: Knex,
  name: string,
  from: { readonly generation: number },
  to: { readonly generation: number; readonly version: number; readonly checkpoint: bigint },
): Promise<void> {
  const updated = await db(STATE_TABLE)
    .where({
      name,
      generation: from.generation,
      rebuild_generation: to.generation,
      rebuild_checkpoint: String(to.checkpoint),
    })
    .update({
      generation: to.generation,
      version: to.version,
      checkpoint: String(to.checkpoint),
      status: 'catching_up',
      updated_at: Date.now(),
      rebuild_generation: null,
      rebuild_version: null,
      rebuild_checkpoint: null,
      rebuild_target: null,
    });
  if (updated !== 1)
    throw new ProjectionRuntimeError('CHECKPOINT_CONFLICT', `${name}: the state changed under the switch`);
}

/** Asks whichever process runs the projector to rebuild it (see takeRebuildRequest). */
export async function requestRebuild(db: Knex, projector: Projector): Promise<void> {
  await ensureState(db, projector);
  await db(STATE_TABLE).where({ name: projector.name }).update({ rebuild_requested_at: Date.now() });
}

/** True once per request: the caller now owes the projector a rebuild. */
export async function takeRebuildRequest(db: Knex, name: string): Promise<boolean> {
  const taken = await db(STATE_TABLE)
    .where({ name })
    .whereNotNull('rebuild_requested_at')
    .update({ rebuild_requested_at: null });
  return taken === 1;
}

/** The status column, written when it changes and in order, without holding up the runner. */
export function statusWriter(db: Knex, name: string, logger: RuntimeLogger) {
  let written: RunnerStatus | undefined;
  let writes: Promise<void> = Promise.resolve();
  return {
    reset: () => (written = undefined),
    write: (status: RunnerStatus) => {
      if (status === written) return;
      written = status;
      writes = writes
        .then(() => writeStatus(db, name, status))
        .catch((error: unknown) =>
          logger.warn({ projector: name, error: String(error) }, 'projection status not saved'),
        );
    },
    flush: () => writes,
  };
}
