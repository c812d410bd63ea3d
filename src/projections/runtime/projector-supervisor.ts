/**
 * Everything one process does for one projector while it holds the lease: bring its tables
 * up (first generation, stale ones dropped, views pointed), run the live runner, run a
 * rebuild and switch over to it, and stop cleanly. Lifecycle steps run one at a time.
 */
import {
  bringUpTables,
  dropGenerationTables,
  generationTablesExist,
  pointViews,
} from './generation-tables.schema.js';
import { dropParkedExcept } from './parked-events.store.js';
import { ProjectionRuntimeError } from './projection-runtime.errors.js';
import { startRunner, type Runner } from './projection-runner.js';
import { commitSwitch, ensureState, statusWriter } from './projection-state.store.js';
import type { ProjectionState, RunnerStatus } from './projection-state.store.js';
import { abandonRebuild, startRebuildJob, type RebuildJob, type RebuildProgress } from './rebuild-job.js';
import type { RebuildResult, RunnerBase } from './rebuild-job.js';
import { serialQueue } from './serial-queue.js';

export type SupervisorDeps = RunnerBase & {
  /** The live checkpoint moved (read-your-writes waiters look again). */
  readonly onAdvance: () => void;
  /** Another process took the projector over under this one. */
  readonly onConflict: () => void;
};

export type SupervisorView = {
  readonly owned: boolean;
  readonly status: RunnerStatus;
  readonly version: number;
  readonly generation: number;
  readonly checkpoint: bigint;
  /** When the live checkpoint last moved (epoch ms). */
  readonly movedAt: number;
  readonly rebuild:
    { readonly generation: number; readonly checkpoint: bigint; readonly target: bigint } | undefined;
};

export type Supervisor = {
  readonly view: () => SupervisorView;
  readonly activate: () => Promise<void>;
  readonly deactivate: (reason: 'stopped' | 'lost') => Promise<void>;
  readonly rebuild: (onProgress?: (progress: RebuildProgress) => void) => Promise<RebuildResult>;
  /** Starts a rebuild unless one runs; its outcome goes to the log and to the status. */
  readonly startRebuild: () => void;
};

export function projectorSupervisor(deps: SupervisorDeps): Supervisor {
  const { db, projector, logger } = deps;
  const name = projector.name;
  let owned = false;
  let generation = 0;
  let version = projector.version;
  let checkpoint = 0n;
  let movedAt = Date.now();
  let live: Runner | undefined;
  let failure: string | undefined;
  let job: RebuildJob | undefined;
  let rebuilding: Promise<RebuildResult> | undefined;
  const listeners = new Set<(progress: RebuildProgress) => void>();
  const serial = serialQueue();
  const interrupted = () =>
    new ProjectionRuntimeError('REBUILD_INTERRUPTED', `rebuild of ${name} was interrupted`);

  function localStatus(): RunnerStatus {
    if (!owned) return 'stopped';
    if (failure !== undefined) return 'failed';
    if (job !== undefined || rebuilding !== undefined) return 'rebuilding';
    if (live === undefined) return 'stopped';
    return live.caughtUp() ? 'live' : 'catching_up';
  }
  const status = statusWriter(db, name, logger);

  function startLive(from: bigint): void {
    const runner = startRunner({
      ...deps,
      slot: 'live',
      generation,
      from,
      onAdvance: (position) => {
        checkpoint = position;
        movedAt = Date.now();
        if (owned) status.write(localStatus());
        deps.onAdvance();
      },
    });
    live = runner;
    void runner.done.then((outcome) => {
      if (live !== runner) return;
      live = undefined;
      checkpoint = runner.checkpoint();
      if (outcome.kind === 'conflict') return deps.onConflict();
      if (outcome.kind === 'failed') {
        failure = outcome.error;
        logger.error(
          { projector: name, position: String(outcome.position) },
          'projection stopped on a poison event',
        );
      }
      status.write(localStatus());
    });
  }

  async function activate(): Promise<void> {
    if (!owned) return;
    failure = undefined;
    status.reset();
    const { state, usable } = await bringUpTables(db, projector);
    ({ generation, version, checkpoint } = state);
    movedAt = Date.now();
    if (usable) startLive(checkpoint);
    // A new version cannot run on the old tables: they keep serving, frozen, until the switch.
    if (!usable || state.rebuild !== undefined) inBackground(launchRebuild(state));
    status.write(localStatus());
  }

  function inBackground(rebuild: Promise<RebuildResult>): void {
    rebuild.catch((error: unknown) =>
      logger.error({ projector: name, error: String(error) }, 'projection rebuild did not complete'),
    );
  }

  function launchRebuild(known?: ProjectionState): Promise<RebuildResult> {
    const run = async (): Promise<RebuildResult> => {
      const started = await serial(async () => {
        if (!owned) throw interrupted();
        const state = known ?? (await ensureState(db, projector));
        job = await startRebuildJob(deps, state, (p) => listeners.forEach((l) => l(p)));
        status.write(localStatus());
        return job;
      });
      try {
        await started.reached(0n);
        return await serial(() => switchOver(started));
      } catch (error) {
        throw await afterFailedRebuild(started, error);
      } finally {
        job = undefined;
      }
    };
    rebuilding = run().finally(() => {
      rebuilding = undefined;
      if (owned) status.write(localStatus());
    });
    return rebuilding;
  }

  /** Live stops, the rebuild passes the live checkpoint (so reads never go back) and stops; views and state switch. */
  async function switchOver(next: RebuildJob): Promise<RebuildResult> {
    if (!owned) throw interrupted();
    const old = live;
    live = undefined;
    if (old !== undefined) {
      await old.stop();
      checkpoint = old.checkpoint();
    }
    let to: bigint;
    try {
      await next.reached(checkpoint);
      const outcome = await next.runner.stop();
      if (outcome.kind !== 'stopped') throw interrupted();
      to = next.runner.checkpoint();
      const switched = { generation: next.generation, version: next.version, checkpoint: to };
      await pointViews(db, projector, next.generation, (d) =>
        commitSwitch(d, name, { generation }, switched),
      );
    } catch (error) {
      await restoreServing(old !== undefined);
      throw error;
    }
    const previous = generation;
    ({ generation, version } = next);
    checkpoint = to;
    movedAt = Date.now();
    failure = undefined;
    await dropGenerationTables(db, projector, previous);
    await dropParkedExcept(db, name, [generation]);
    startLive(to);
    logger.info(
      { projector: name, generation, checkpoint: String(to) },
      'projection switched to its rebuilt generation',
    );
    return { name, generation, version, checkpoint: to };
  }

  /** After a failed switch: views back on the serving generation (MySQL may have moved some), live again. */
  async function restoreServing(restartLive: boolean): Promise<void> {
    try {
      if (await generationTablesExist(db, projector, generation)) await pointViews(db, projector, generation);
    } catch (error) {
      logger.error(
        { projector: name, error: String(error) },
        'projection views not restored after a failed switch',
      );
    }
    if (restartLive) startLive(checkpoint);
  }

  async function afterFailedRebuild(failed: RebuildJob, error: unknown): Promise<unknown> {
    const isInterruption = error instanceof ProjectionRuntimeError && error.code === 'REBUILD_INTERRUPTED';
    if (!owned || isInterruption) return interrupted();
    await failed.runner.stop();
    await serial(() => abandonRebuild(db, projector, failed.generation, generation));
    if (live === undefined) failure = error instanceof Error ? error.message : String(error);
    return error instanceof ProjectionRuntimeError
      ? error
      : new ProjectionRuntimeError('REBUILD_FAILED', `rebuild of ${name} failed: ${String(error)}`);
  }

  async function deactivate(reason: 'stopped' | 'lost'): Promise<void> {
    owned = false;
    await serial(async () => {
      const serving = live;
      live = undefined;
      await Promise.all([serving?.stop(), job?.runner.stop()]);
      if (serving !== undefined) checkpoint = serving.checkpoint();
    });
    await rebuilding?.catch(() => undefined);
    if (reason === 'stopped') status.write('stopped');
    await status.flush();
  }

  return {
    view: () => ({
      owned,
      status: localStatus(),
      version,
      generation,
      checkpoint: live?.checkpoint() ?? checkpoint,
      movedAt,
      rebuild:
        job === undefined
          ? undefined
          : { generation: job.generation, checkpoint: job.runner.checkpoint(), target: job.target },
    }),
    activate: () => {
      owned = true;
      return serial(activate);
    },
    deactivate,
    startRebuild: () => {
      if (owned && rebuilding === undefined) inBackground(launchRebuild());
    },
    rebuild: async (onProgress) => {
      if (!owned)
        throw new ProjectionRuntimeError('PROJECTOR_NOT_OWNED', `${name} is not run by this process`);
      if (onProgress !== undefined) listeners.add(onProgress);
      try {
        return await (rebuilding ?? launchRebuild());
      } finally {
        if (onProgress !== undefined) listeners.delete(onProgress);
      }
    },
  };
}
