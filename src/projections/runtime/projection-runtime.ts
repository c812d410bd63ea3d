/**
 * The projection runtime (DESIGN.md §7): runs every projector whose lease this process can
 * take, keeps the leases, and answers status, read-your-writes waits, rebuilds and parked
 * events. `start()` migrates the bookkeeping tables and brings owned projectors up (their
 * views exist when it resolves); catching up goes on in the background. `stop()` lets each
 * runner finish its batch, closes subscriptions and gives the leases back.
 */
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { isMysql } from '../../db/knex-connection.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import type { Projector } from '../projector.js';
import type { RetryPolicy } from './batch-writer.js';
import { changeSignal, waitForCheckpoints } from './checkpoint-waiter.js';
import { validateProjector } from './generation-tables.schema.js';
import { listParked, type ParkedEvent } from './parked-events.store.js';
import { retryParkedEvent } from './parked-retry.js';
import { acquireLease, releaseLease, renewLease } from './projection-lease.store.js';
import { ProjectionRuntimeError } from './projection-runtime.errors.js';
import { migrateProjectionRuntime } from './projection-runtime.schema.js';
import { readStates, requestRebuild, takeRebuildRequest } from './projection-state.store.js';
import { projectionStatuses, type ProjectionStatus } from './projection-status.js';
import { projectorSupervisor, type Supervisor } from './projector-supervisor.js';
import type { RebuildProgress, RebuildResult } from './rebuild-job.js';
import { silentLogger, type RuntimeLogger } from './runtime-logger.js';

export type ProjectionRuntimeOptions = {
  readonly store: EventStore;
  /** The read-model database: projector tables, their views and the runtime's bookkeeping. */
  readonly db: Knex;
  readonly projectors: readonly Projector[];
  /** Names this process in lease rows; unique per process. Default: host, pid and a random suffix. */
  readonly ownerId?: string;
  /** How long a lease lasts unrenewed (renewed every third of it). Default 10 s. */
  readonly leaseMs?: number;
  /**
   * Most events per batch transaction. Default 500 on SQLite, where knex writes a multi-row
   * insert as a compound SELECT capped at 500 rows; 1000 on MySQL, where every commit waits
   * for a log flush, so catching up is bound by commits, not rows.
   */
  readonly batchSize?: number;
  /** Tries of a failing event before it is poison. Default 3 tries, 100 ms backoff doubling. */
  readonly retry?: RetryPolicy;
  /** How often waitFor polls the state of projectors run by other processes. Default 50 ms. */
  readonly pollMs?: number;
  readonly logger?: RuntimeLogger;
  /**
   * Live checkpoints pushed by projectors another thread runs for this process (see
   * composition/projection-thread.ts): read-your-writes waits use them as if local, so they
   * neither poll the state rows nor wait for a poll round.
   */
  readonly pushed?: PushedCheckpoints;
};

export type PushedCheckpoints = {
  readonly checkpoint: (name: string) => bigint | undefined;
  /** Resolves at the next push. */
  readonly changed: () => Promise<void>;
};

export type ProjectionRuntime = {
  readonly ownerId: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): Promise<ProjectionStatus[]>;
  /** True once every projector named (default: all) has processed `position`; false after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs: number, names?: readonly string[]): Promise<boolean>;
  /**
   * The live checkpoint of a projector this process runs, here or in its projection thread (no
   * IO); undefined when another process runs it.
   */
  checkpoint(name: string): bigint | undefined;
  /** Resolves when a checkpoint this process holds (or its thread pushes) next moves. */
  changed(): Promise<void>;
  /** Rebuilds into a new generation and switches over; joins a rebuild already running. Needs the lease. */
  rebuild(name: string, onProgress?: (progress: RebuildProgress) => void): Promise<RebuildResult>;
  /**
   * Starts a rebuild in the background and resolves at once (progress shows in `status()`).
   * When another process runs the projector, it is asked to, and does so within a lease round.
   */
  startRebuild(name: string): Promise<void>;
  parked(name: string): Promise<ParkedEvent[]>;
  retryParked(name: string, position: bigint): Promise<boolean>;
};

export function createProjectionRuntime(options: ProjectionRuntimeOptions): ProjectionRuntime {
  const { store, db } = options;
  const ownerId = options.ownerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 10_000;
  const logger = options.logger ?? silentLogger;
  const advanced = changeSignal();
  const pushed = options.pushed;
  const changed =
    pushed === undefined ? advanced.next : () => Promise.race([advanced.next(), pushed.changed()]);
  const projectors = new Map<string, Projector>();
  // Held here or pushed by this process's projection thread; undefined when another process runs it.
  const liveCheckpoint = (name: string): bigint | undefined => {
    const view = supervisor(name).view();
    return view.owned ? view.checkpoint : pushed?.checkpoint(name);
  };
  for (const projector of options.projectors) {
    validateProjector(projector);
    if (projectors.has(projector.name))
      throw new ProjectionRuntimeError('INVALID_PROJECTOR', `two projectors are named ${projector.name}`);
    projectors.set(projector.name, projector);
  }
  const supervisors = new Map<string, Supervisor>();
  for (const projector of projectors.values())
    supervisors.set(
      projector.name,
      projectorSupervisor({
        store,
        db,
        projector,
        logger,
        batchSize: options.batchSize ?? (isMysql(db) ? 1000 : 500),
        retry: options.retry ?? { attempts: 3, backoffMs: 100 },
        resubscribeMs: 1000,
        onAdvance: advanced.notify,
        onConflict: () => void lose(projector.name),
      }),
    );
  const supervisor = (name: string): Supervisor => {
    const found = supervisors.get(name);
    if (found === undefined)
      throw new ProjectionRuntimeError('UNKNOWN_PROJECTOR', `no projector named ${name}`);
    return found;
  };

  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();

  async function lose(name: string): Promise<void> {
    logger.warn({ projector: name, owner: ownerId }, 'projection lease lost; another process runs it now');
    await supervisor(name).deactivate('lost');
  }

  /** Renews owned leases and takes free ones. At start, a projector that cannot come up fails start. */
  async function tick(strict: boolean): Promise<void> {
    for (const [name, sup] of supervisors) {
      try {
        if (sup.view().owned) {
          if (!(await renewLease(db, name, ownerId, leaseMs))) await lose(name);
          else if (await takeRebuildRequest(db, name)) sup.startRebuild();
        } else if (await acquireLease(db, name, ownerId, leaseMs)) {
          logger.info({ projector: name, owner: ownerId }, 'projection lease taken');
          await sup.activate().catch(async (error: unknown) => {
            await sup.deactivate('stopped');
            await releaseLease(db, name, ownerId);
            throw error;
          });
          if (await takeRebuildRequest(db, name)) sup.startRebuild();
        }
      } catch (error) {
        if (strict) throw error;
        logger.error({ projector: name, error: String(error) }, 'projection lease round failed');
      }
    }
  }

  function schedule(): void {
    timer = setTimeout(() => {
      ticking = tick(false).finally(() => {
        if (running) schedule();
      });
    }, leaseMs / 3);
    timer.unref();
  }

  async function stop(): Promise<void> {
    running = false;
    clearTimeout(timer);
    await ticking;
    await Promise.all(
      [...supervisors].map(async ([name, sup]) => {
        if (!sup.view().owned) return;
        await sup.deactivate('stopped');
        await releaseLease(db, name, ownerId);
      }),
    );
  }

  let migration: Promise<void> | undefined;
  /** The bookkeeping tables, created once; status and waits work before start (a CLI's view). */
  const ready = () =>
    (migration ??= migrateProjectionRuntime(db).catch((error: unknown) => {
      migration = undefined;
      throw error;
    }));

  return {
    ownerId,
    start: async () => {
      if (running) return;
      running = true;
      await ready();
      const first = tick(true);
      ticking = first.catch(() => undefined);
      await first.catch(async (error: unknown) => {
        await stop();
        throw error;
      });
      schedule();
    },
    stop,
    status: async () => {
      await ready();
      return projectionStatuses({
        store,
        db,
        ownerId,
        projectors: [...projectors.values()],
        view: (name) => supervisor(name).view(),
        pushed: (name) => pushed?.checkpoint(name),
      });
    },
    waitFor: async (position, timeoutMs, names) => {
      const wanted = names ?? [...projectors.keys()];
      wanted.forEach(supervisor);
      await ready();
      const remote = async () => new Map([...(await readStates(db))].map(([n, s]) => [n, s.checkpoint]));
      const idleUpTo = async (name: string, after: bigint, upTo: bigint) => {
        if ((await store.headPosition()) < upTo) return false;
        const eventTypes = projectors.get(name)!.handles;
        const [next] = await store.readAll({ from: after, limit: 1, filter: { eventTypes } });
        return next === undefined || next.position > upTo;
      };
      const sources = { local: liveCheckpoint, remote, advanced: changed, idleUpTo };
      return waitForCheckpoints(sources, wanted, position, timeoutMs, options.pollMs ?? 50);
    },
    checkpoint: liveCheckpoint,
    changed,
    rebuild: async (name, onProgress) => supervisor(name).rebuild(onProgress),
    startRebuild: async (name) => {
      const sup = supervisor(name);
      await ready();
      if (sup.view().owned) sup.startRebuild();
      else await requestRebuild(db, projectors.get(name)!);
    },
    parked: async (name) => {
      supervisor(name);
      await ready();
      return listParked(db, name);
    },
    retryParked: async (name, position) => {
      supervisor(name);
      await ready();
      return retryParkedEvent({ store, db, projector: projectors.get(name)! }, position);
    },
  };
}
