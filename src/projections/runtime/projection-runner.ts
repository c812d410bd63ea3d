/**
 * Runs one projector into one generation: subscribes to the log after its checkpoint with
 * the projector's event types as filter, and writes what the subscription has ready as one
 * batch. Checkpoint items move the checkpoint too, so a projector whose events are followed
 * by others it ignores still reaches the head. A failing subscription (the log's database
 * away for a moment) is resubscribed from the checkpoint after a pause.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordedEvent } from '../../events/envelope.js';
import type { EventStore, SubscriptionItem } from '../../eventstore/event-store.port.js';
import { batchWriter, type BatchTarget, type BatchWriter } from './batch-writer.js';
import { describeError } from './parked-events.store.js';
import { isCheckpointConflict } from './projection-runtime.errors.js';
import { subscriptionBuffer, type SubscriptionBuffer } from './subscription-buffer.js';

export type RunnerConfig = BatchTarget & {
  readonly store: EventStore;
  readonly from: bigint;
  readonly batchSize: number;
  /** Pause before resubscribing after the subscription failed. */
  readonly resubscribeMs: number;
  /** After every checkpoint move, and when the runner catches up. */
  readonly onAdvance: (checkpoint: bigint, caughtUp: boolean) => void;
};

export type RunnerOutcome =
  /** Asked to stop, or the log closed. */
  | { readonly kind: 'stopped' }
  /** A poison event under the `stop` policy; the checkpoint is just before it. */
  | { readonly kind: 'failed'; readonly position: bigint; readonly error: string }
  /** Another process moved the checkpoint: this one no longer owns the projector. */
  | { readonly kind: 'conflict' };

export type Runner = {
  readonly checkpoint: () => bigint;
  readonly caughtUp: () => boolean;
  readonly done: Promise<RunnerOutcome>;
  /** Finishes the batch in hand, closes the subscription, and resolves with how the runner ended. */
  readonly stop: () => Promise<RunnerOutcome>;
};

export function startRunner(config: RunnerConfig): Runner {
  const writer = batchWriter(config, config.from);
  let caughtUp = false;
  let stopping = false;
  let source: SubscriptionBuffer | undefined;
  const stopped = new AbortController();

  async function run(): Promise<RunnerOutcome> {
    while (!stopping) {
      const buffer = subscriptionBuffer(
        config.store.subscribe({
          from: writer.checkpoint(),
          filter: { eventTypes: config.projector.handles },
        }),
        config.batchSize * 2,
      );
      source = buffer;
      try {
        return await drain(buffer);
      } catch (error) {
        if (isCheckpointConflict(error)) return { kind: 'conflict' };
        config.logger.warn(
          { projector: config.projector.name, generation: config.generation, error: describeError(error) },
          'projection subscription failed; resubscribing',
        );
        await sleep(config.resubscribeMs, undefined, { signal: stopped.signal }).catch(() => undefined);
      } finally {
        await buffer.close();
      }
    }
    return { kind: 'stopped' };
  }

  async function drain(buffer: SubscriptionBuffer): Promise<RunnerOutcome> {
    for (;;) {
      const items = await buffer.take(config.batchSize);
      if (items === undefined || stopping) return { kind: 'stopped' };
      const poisoned = await handle(items, writer);
      if (poisoned !== undefined) return { kind: 'failed', ...poisoned };
    }
  }

  async function handle(items: readonly SubscriptionItem[], w: BatchWriter) {
    const events: RecordedEvent[] = [];
    let to = w.checkpoint();
    let nowCaughtUp = caughtUp;
    for (const item of items) {
      if (item.kind === 'event') {
        events.push(item.event);
        if (item.event.position > to) to = item.event.position;
      } else {
        if (item.position > to) to = item.position;
        nowCaughtUp = item.caughtUp;
      }
    }
    const before = w.checkpoint();
    const wasCaughtUp = caughtUp;
    const poisoned = await w.write(events, to, () => stopping);
    // Caught up only once all of it is written (a poison event or a stop can cut it short).
    if (w.checkpoint() === to) caughtUp = nowCaughtUp;
    if (w.checkpoint() !== before || caughtUp !== wasCaughtUp) config.onAdvance(w.checkpoint(), caughtUp);
    return poisoned;
  }

  const done = run();
  return {
    checkpoint: writer.checkpoint,
    caughtUp: () => caughtUp,
    done,
    stop: async () => {
      stopping = true;
      stopped.abort();
      await source?.close();
      const outcome = await done;
      // Not after a conflict: the state row belongs to another process now.
      if (outcome.kind !== 'conflict') await writer.flush().catch(() => undefined);
      return outcome;
    },
  };
}
