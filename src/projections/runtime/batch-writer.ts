/**
 * Writes batches: a batch's read-model changes and its checkpoint commit in one transaction
 * (DESIGN.md §7), so after a crash an event has taken effect exactly once or not at all.
 * On SQLite, batches of several projectors that are ready together share that transaction,
 * each in a savepoint (transaction-group.ts).
 *
 * When a batch fails, it is split in halves, each applied in its own transaction with its
 * checkpoint, and a failing half is split again, down to the single event that fails. That
 * finds it in about 2·log2(n) transactions rather than n, which matters on MySQL, where each
 * commit waits for a log flush. The event is retried with backoff, then parked (the checkpoint
 * moves past it) or reported as fatal, by the projector's `onPoison` policy.
 *
 * A live checkpoint that moves over events the projector does not handle changes no row, so
 * it is kept in memory and written a moment later (or at stop): every projector would
 * otherwise commit a transaction for every append to the log. Until then the state row is
 * behind by events the projector ignores; a restart re-reads them and skips them again, and
 * a reader in another process counts the projector as there (checkpoint-waiter.ts).
 */
import type { Knex } from 'knex';
import { sqlDialect } from '../../db/knex-connection.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { serialQueue } from './serial-queue.js';
import { transactionGroup } from './transaction-group.js';
import type { RecordedEvent } from '../../events/envelope.js';
import type { ProjectionContext, Projector } from '../projector.js';
import { tableNamer } from './generation-tables.schema.js';
import { describeError, parkEvent } from './parked-events.store.js';
import { isCheckpointConflict } from './projection-runtime.errors.js';
import { advanceCheckpoint, type CheckpointSlot } from './projection-state.store.js';
import type { RuntimeLogger } from './runtime-logger.js';

export type RetryPolicy = {
  /** Tries of a single failing event before it counts as poison. */
  readonly attempts: number;
  /** Wait before the second try; doubles for each further one. */
  readonly backoffMs: number;
};

export type BatchTarget = {
  readonly db: Knex;
  readonly projector: Projector;
  readonly slot: CheckpointSlot;
  readonly generation: number;
  readonly retry: RetryPolicy;
  readonly logger: RuntimeLogger;
};

/** A poison event under the `stop` policy: the runner must stop, before it. */
export type Poisoned = { readonly position: bigint; readonly error: string };

export type BatchWriter = {
  readonly checkpoint: () => bigint;
  /** Applies `events` and moves the checkpoint to `to`; a CHECKPOINT_CONFLICT is thrown, never parked. */
  readonly write: (
    events: readonly RecordedEvent[],
    to: bigint,
    isStopping: () => boolean,
  ) => Promise<Poisoned | undefined>;
  /** Writes a checkpoint held in memory now (the runner calls it when it stops). */
  readonly flush: () => Promise<void>;
};

/** How long a checkpoint-only move of the live generation waits in memory before it is written. */
export const DEFERRED_CHECKPOINT_MS = 250;

export function batchWriter(target: BatchTarget, from: bigint): BatchWriter {
  const { db, projector, slot, generation } = target;
  const tableName = tableNamer(projector, generation);
  /** Where the projector is; `stored` is what its state row says (behind only by skipped events). */
  let checkpoint = from;
  let stored = from;
  const serial = serialQueue();
  const transaction = transactionGroup(db);
  let deferred: NodeJS.Timeout | undefined;
  let deferredFailure: unknown;

  async function commit(events: readonly RecordedEvent[], to: bigint): Promise<void> {
    await transaction(async (trx) => {
      await applyEvents(trx, projector, tableName, events);
      await advanceCheckpoint(trx, projector.name, slot, generation, stored, to);
    });
    checkpoint = stored = to;
  }

  const flush = () =>
    serial(async () => {
      clearTimeout(deferred);
      deferred = undefined;
      if (checkpoint > stored) await commit([], checkpoint);
    });

  function defer(to: bigint): void {
    checkpoint = to;
    deferred ??= setTimeout(() => {
      // A conflict (another process took the projector over) surfaces at the next write.
      flush().catch((error: unknown) => (deferredFailure = error));
    }, DEFERRED_CHECKPOINT_MS).unref();
  }

  async function withRetries(event: RecordedEvent): Promise<unknown> {
    let lastError: unknown;
    for (let attempt = 0; attempt < target.retry.attempts; attempt += 1) {
      if (attempt > 0) await sleep(target.retry.backoffMs * 2 ** (attempt - 1));
      try {
        await commit([event], event.position);
        return undefined;
      } catch (error) {
        if (isCheckpointConflict(error)) throw error;
        lastError = error;
      }
    }
    return lastError ?? new Error('no attempt made');
  }

  async function park(event: RecordedEvent, error: unknown): Promise<void> {
    await db.transaction(async (trx) => {
      await parkEvent(trx, {
        projector: projector.name,
        generation,
        event,
        error,
        attempts: target.retry.attempts,
      });
      await advanceCheckpoint(trx, projector.name, slot, generation, checkpoint, event.position);
    });
    checkpoint = stored = event.position;
    target.logger.warn(
      { projector: projector.name, generation, position: String(event.position), type: event.type },
      'projection parked a poison event',
    );
  }

  async function poison(event: RecordedEvent): Promise<Poisoned | undefined> {
    const error = await withRetries(event);
    if (error === undefined) return undefined;
    // A database that is away fails every event: that is an outage to wait out (the runner
    // resubscribes), not a poison event to park. This throws when it is away.
    await db.raw('SELECT 1');
    if (projector.onPoison === 'stop') return { position: event.position, error: describeError(error) };
    await park(event, error);
    return undefined;
  }

  /** Applies `events`, which failed together, in halves; the failing one ends parked or reported. */
  async function isolate(
    events: readonly RecordedEvent[],
    isStopping: () => boolean,
  ): Promise<Poisoned | undefined> {
    if (events.length === 1) return poison(events[0]!);
    const middle = Math.ceil(events.length / 2);
    for (const half of [events.slice(0, middle), events.slice(middle)]) {
      if (isStopping()) return undefined;
      try {
        await commit(half, half[half.length - 1]!.position);
        continue;
      } catch (error) {
        if (isCheckpointConflict(error)) throw error;
      }
      const poisoned = await isolate(half, isStopping);
      if (poisoned !== undefined) return poisoned;
    }
    return undefined;
  }

  async function write(
    events: readonly RecordedEvent[],
    to: bigint,
    isStopping: () => boolean,
  ): Promise<Poisoned | undefined> {
    if (deferredFailure !== undefined) {
      const failure = deferredFailure;
      deferredFailure = undefined;
      if (failure instanceof Error && isCheckpointConflict(failure)) throw failure;
    }
    if (events.length === 0 && to <= checkpoint) return undefined;
    if (events.length === 0 && slot === 'live') {
      defer(to);
      return undefined;
    }
    try {
      await commit(events, to);
      return undefined;
    } catch (error) {
      if (isCheckpointConflict(error)) throw error;
      target.logger.warn(
        { projector: projector.name, generation, size: events.length, error: describeError(error) },
        'projection batch failed; isolating the failing event',
      );
      const poisoned = events.length === 0 ? undefined : await isolate(events, isStopping);
      if (poisoned === undefined && !isStopping() && to > checkpoint) await commit([], to);
      return poisoned;
    }
  }

  return {
    checkpoint: () => checkpoint,
    write: (events, to, isStopping) => serial(() => write(events, to, isStopping)),
    flush,
  };
}

/** Applies events inside `trx` to the tables `tableName` resolves, through applyBatch when the projector has it. */
export async function applyEvents(
  trx: Knex.Transaction,
  projector: Projector,
  tableName: (logical: string) => string,
  events: readonly RecordedEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const ctx: ProjectionContext = {
    trx,
    table: (name) => trx(tableName(name)),
    tableName,
    dialect: sqlDialect(trx),
  };
  if (projector.applyBatch !== undefined) await projector.applyBatch(ctx, events);
  else for (const event of events) await projector.apply(ctx, event);
}
