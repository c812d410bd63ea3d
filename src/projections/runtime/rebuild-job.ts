/**
 * The first half of a rebuild: a fresh generation's tables filled from the start of the log
 * by a runner of its own, while the serving generation goes on answering. It reports
 * progress and tells when it has caught up; the supervisor then switches over. A rebuild
 * interrupted by a stop or a lost lease is resumed from its checkpoint by the next owner.
 */
import type { Knex } from 'knex';
import type { Projector } from '../projector.js';
import {
  createGenerationTables,
  dropGenerationTables,
  generationTablesExist,
} from './generation-tables.schema.js';
import { dropParkedExcept } from './parked-events.store.js';
import { ProjectionRuntimeError } from './projection-runtime.errors.js';
import { startRunner, type Runner, type RunnerConfig, type RunnerOutcome } from './projection-runner.js';
import { beginRebuild, clearRebuild, type ProjectionState } from './projection-state.store.js';

/** What every runner of a projector shares; the runner adds its slot, generation and start. */
export type RunnerBase = Omit<RunnerConfig, 'slot' | 'generation' | 'from' | 'onAdvance'>;

export type RebuildProgress = {
  readonly name: string;
  readonly generation: number;
  readonly checkpoint: bigint;
  /** The head of the log when the rebuild began; the checkpoint passes it as the log grows. */
  readonly target: bigint;
  readonly caughtUp: boolean;
};

export type RebuildResult = {
  readonly name: string;
  readonly generation: number;
  readonly version: number;
  /** Where the rebuilt generation took over. */
  readonly checkpoint: bigint;
};

export type RebuildJob = {
  readonly generation: number;
  readonly version: number;
  readonly target: bigint;
  readonly runner: Runner;
  /** Resolves once the rebuild has caught up with the log and passed `position`; rejects if its runner ends first. */
  readonly reached: (position: bigint) => Promise<void>;
};

type Waiter = {
  readonly position: bigint;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
};

export async function startRebuildJob(
  base: RunnerBase,
  state: ProjectionState,
  onProgress: (progress: RebuildProgress) => void,
): Promise<RebuildJob> {
  const { generation, target, from } = await prepareGeneration(base, state);
  const waiters = new Set<Waiter>();
  let caughtUp = false;
  let ended: Error | undefined;
  const settle = (checkpoint: bigint) => {
    for (const w of waiters) {
      if (ended !== undefined) w.reject(ended);
      else if (caughtUp && checkpoint >= w.position) w.resolve();
      else continue;
      waiters.delete(w);
    }
  };
  const runner = startRunner({
    ...base,
    slot: 'rebuild',
    generation,
    from,
    onAdvance: (checkpoint, nowCaughtUp) => {
      caughtUp ||= nowCaughtUp;
      onProgress({ name: base.projector.name, generation, checkpoint, target, caughtUp });
      settle(checkpoint);
    },
  });
  void runner.done.then((outcome) => {
    ended = rebuildEndError(base.projector.name, outcome);
    settle(runner.checkpoint());
  });
  return {
    generation,
    version: base.projector.version,
    target,
    runner,
    reached: (position) =>
      new Promise<void>((resolve, reject) => {
        waiters.add({ position, resolve, reject });
        settle(runner.checkpoint());
      }),
  };
}

/** Resumes the rebuild the state row describes when it is of this version, else starts a fresh one. */
async function prepareGeneration(
  base: RunnerBase,
  state: ProjectionState,
): Promise<{ generation: number; target: bigint; from: bigint }> {
  const { db, projector, store } = base;
  const pending = state.rebuild;
  if (
    pending !== undefined &&
    pending.version === projector.version &&
    (await generationTablesExist(db, projector, pending.generation))
  )
    return { generation: pending.generation, target: pending.target, from: pending.checkpoint };
  if (pending !== undefined) await dropGenerationTables(db, projector, pending.generation);
  const generation = Math.max(state.generation, pending?.generation ?? 0) + 1;
  const target = await store.headPosition();
  await createGenerationTables(db, projector, generation);
  await dropParkedExcept(db, projector.name, [state.generation]);
  await beginRebuild(db, projector.name, { generation, version: projector.version, target });
  return { generation, target, from: 0n };
}

/** Gives up a rebuild: its tables, its state and its parked events go. */
export async function abandonRebuild(
  db: Knex,
  projector: Projector,
  rebuildGeneration: number,
  servingGeneration: number,
): Promise<void> {
  await dropGenerationTables(db, projector, rebuildGeneration);
  await clearRebuild(db, projector.name);
  await dropParkedExcept(db, projector.name, [servingGeneration]);
}

function rebuildEndError(name: string, outcome: RunnerOutcome): ProjectionRuntimeError {
  return outcome.kind === 'failed'
    ? new ProjectionRuntimeError(
        'REBUILD_FAILED',
        `rebuild of ${name} stopped on the event at position ${outcome.position}: ${outcome.error}`,
      )
    : new ProjectionRuntimeError('REBUILD_INTERRUPTED', `rebuild of ${name} was interrupted`);
}
