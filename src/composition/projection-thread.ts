/**
 * Projectors in a worker thread of their own (PROJECTION_THREAD=true). The HTTP thread
 * decides and appends; the projection thread follows the log and writes the read models,
 * so the two share the machine's cores instead of one. The thread is a projection process
 * like any other (DESIGN.md §2): it takes the leases under this process's owner id, with its
 * own connections to the log and the read-model database. Three things cross between them,
 * as messages:
 *
 * - "appended": the events the HTTP thread appended to a SQL log, which wake the thread's
 *   live subscriptions at once and reach them from memory (another handle on the log would
 *   otherwise find out at its next poll, then read them back from the database), with their
 *   personal fields as they were sealed, so the thread opens them without decrypting (an
 *   erasure begun before the message leaves takes them back first; one after it is sent
 *   reaches the thread after it, as "forget");
 * - checkpoints: the thread pushes its projectors' checkpoints as they move, so
 *   read-your-writes waits here answer from memory, as they do for projectors run in-process;
 * - "forget": an erased subject's key leaves the thread's key cache at once.
 *
 * A thread that dies is started again after a second; it renews its own leases, so nothing
 * waits for them to expire.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import type { RecordedEvent } from '../events/envelope.js';
import type { EventLog, SealedFields } from '../eventstore/event-log.js';
import type { EventStore } from '../eventstore/event-store.port.js';
import type { SqlEventStore } from '../eventstore/sql/sql-event-store.js';
import { changeSignal } from '../projections/runtime/checkpoint-waiter.js';
import type { PushedCheckpoints } from '../projections/runtime/projection-runtime.js';
import type { RuntimeLogger } from '../projections/runtime/runtime-logger.js';

export type ProjectionThreadData = { readonly config: Config; readonly ownerId: string };

export type FromProjectionThread =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'checkpoints'; readonly checkpoints: readonly (readonly [string, bigint])[] }
  | {
      readonly type: 'log';
      readonly level: keyof RuntimeLogger;
      readonly obj: object;
      readonly msg: string;
    };

export type ToProjectionThread =
  | { readonly type: 'appended'; readonly events: readonly RecordedEvent[]; readonly sealed: SealedFields }
  | { readonly type: 'forget'; readonly subjectId: string }
  | { readonly type: 'stop' };

export type ProjectionThread = {
  /** The thread's live checkpoints, for the runtime's read-your-writes waits. */
  readonly pushed: PushedCheckpoints;
  /** Starts the thread; resolves once its projectors are up (their views exist). */
  readonly start: () => Promise<void>;
  /** Lets the thread finish its batches and give its leases back. */
  readonly stop: () => Promise<void>;
  /** Tells the thread a subject's key was erased. */
  readonly forget: (subjectId: string) => void;
};

const RESTART_MS = 1000;
const STOP_TIMEOUT_MS = 15_000;

export function projectionThread(options: {
  readonly config: Config;
  readonly ownerId: string;
  readonly store: EventStore;
  /** The HTTP thread's log: what it sealed goes over with the events, so the thread need not decrypt them. */
  readonly log: Pick<EventLog, 'takeSealed'>;
  readonly logger: RuntimeLogger;
}): ProjectionThread {
  const { logger } = options;
  const checkpoints = new Map<string, bigint>();
  const moved = changeSignal();
  let worker: Worker | undefined;
  let stopping = false;
  const post = (message: ToProjectionThread) => worker?.postMessage(message);

  // The turn's appends go over as one message, after they have all committed.
  let appendedThisTurn: RecordedEvent[] = [];
  const sqlStore = options.store as Partial<SqlEventStore>;
  sqlStore.onAppend?.((events) => {
    if (appendedThisTurn.length === 0)
      setImmediate(() => {
        const batch = appendedThisTurn;
        appendedThisTurn = [];
        const sealed = options.log.takeSealed(batch.map((event) => event.metadata.eventId));
        post({ type: 'appended', events: batch, sealed });
      });
    appendedThisTurn.push(...events);
  });

  function spawn(): Promise<void> {
    const data: ProjectionThreadData = { config: options.config, ownerId: options.ownerId };
    const current = newWorker(data);
    worker = current;
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      current.on('message', (message: FromProjectionThread) => {
        switch (message.type) {
          case 'ready':
            ready = true;
            resolve();
            break;
          case 'failed':
            reject(new Error(`projection thread failed to start: ${message.message}`));
            break;
          case 'checkpoints':
            // The full set each time: a projector missing from it no longer runs there.
            checkpoints.clear();
            for (const [name, checkpoint] of message.checkpoints) checkpoints.set(name, checkpoint);
            moved.notify();
            break;
          case 'log':
            logger[message.level](message.obj, message.msg);
            break;
        }
      });
      current.on('error', (error) => {
        logger.error({ error: error.message }, 'projection thread error');
      });
      current.on('exit', (code) => {
        if (worker === current) worker = undefined;
        // Until a new thread reports, waits poll the state rows like any remote projector's.
        checkpoints.clear();
        moved.notify();
        if (!ready) {
          reject(new Error(`projection thread exited (code ${code}) before it was ready`));
          return;
        }
        if (stopping) return;
        logger.error({ code }, 'projection thread stopped; starting it again');
        setTimeout(() => {
          if (!stopping)
            spawn().catch((error: unknown) => {
              logger.error({ error: String(error) }, 'projection thread did not come back');
            });
        }, RESTART_MS).unref();
      });
    });
  }

  return {
    pushed: { checkpoint: (name) => checkpoints.get(name), changed: moved.next },
    start: spawn,
    stop: async () => {
      stopping = true;
      const current = worker;
      if (current === undefined) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.postMessage({ type: 'stop' } satisfies ToProjectionThread);
      const timer = setTimeout(() => void current.terminate(), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    forget: (subjectId) => post({ type: 'forget', subjectId }),
  };
}

/**
 * The worker runs projection-worker next to this file. From TypeScript sources (tsx, vitest)
 * it starts through projection-worker-boot.mjs, which registers tsx's loader first.
 */
function newWorker(data: ProjectionThreadData): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const entry = new URL(`./projection-worker${ext}`, import.meta.url);
  if (ext !== '.ts') return new Worker(entry, { workerData: data });
  const boot = new URL('./projection-worker-boot.mjs', import.meta.url);
  return new Worker(boot, { workerData: { ...data, entry: entry.href } });
}
