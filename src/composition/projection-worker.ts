/**
 * The projection thread's entry (see projection-thread.ts): opens its own connections to the
 * log and the read-model database, runs every projector whose lease it can take under the
 * parent's owner id, pushes checkpoints as they move and logs through the parent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { allProjectors } from '../projections/all-projectors.js';
import { createProjectionRuntime } from '../projections/runtime/projection-runtime.js';
import type { RuntimeLogger } from '../projections/runtime/runtime-logger.js';
import type { SqlEventStore } from '../eventstore/sql/sql-event-store.js';
import { openReadModelDb, openSealedLog } from './event-log.js';
import type { FromProjectionThread, ProjectionThreadData, ToProjectionThread } from './projection-thread.js';

const port = parentPort!;
const { config, ownerId } = workerData as ProjectionThreadData;
const send = (message: FromProjectionThread) => port.postMessage(message);

const logAt =
  (level: keyof RuntimeLogger) =>
  (obj: object, msg: string): void => {
    try {
      send({ type: 'log', level, obj, msg });
    } catch {
      // Something in obj does not survive the copy: send its text instead.
      send({ type: 'log', level, obj: { detail: String(JSON.stringify(obj)) }, msg });
    }
  };
const logger: RuntimeLogger = { info: logAt('info'), warn: logAt('warn'), error: logAt('error') };

// How often the full set goes out even without a move: a lease lost to another process drops
// its projector from the set, and the parent then polls the state row instead.
const RESEND_MS = 1000;

async function main(): Promise<void> {
  const db = openReadModelDb(config);
  const sealed = await openSealedLog(config, db);
  const { store, log } = sealed;
  const runtime = createProjectionRuntime({ store: log, db, projectors: allProjectors, logger, ownerId });
  await runtime.start();
  let stopped = false;
  const pushCheckpoints = () => {
    const checkpoints: [string, bigint][] = [];
    for (const { name } of allProjectors) {
      const checkpoint = runtime.checkpoint(name);
      if (checkpoint !== undefined) checkpoints.push([name, checkpoint]);
    }
    send({ type: 'checkpoints', checkpoints });
  };
  const resend = setInterval(pushCheckpoints, RESEND_MS);
  void (async () => {
    while (!stopped) {
      await runtime.changed();
      if (!stopped) pushCheckpoints();
    }
  })();
  port.on('message', (message: ToProjectionThread) => {
    switch (message.type) {
      case 'appended':
        log.sealedElsewhere(message.sealed);
        (store as Partial<SqlEventStore>).appendedElsewhere?.(message.events);
        break;
      case 'forget':
        log.forgetSubject(message.subjectId);
        break;
      case 'stop':
        stopped = true;
        clearInterval(resend);
        void (async () => {
          await runtime.stop();
          await sealed.close();
          await db.destroy();
          port.close();
        })();
        break;
    }
  });
  pushCheckpoints();
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
});
