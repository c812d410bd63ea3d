/**
 * Keeps a renderer in step with whoever reads its output: the producer pauses while the
 * output's buffer is full, and gives the event loop a turn now and then so compression and
 * IO can run (a synchronous row source would otherwise be drained in one go). A reader that
 * goes away stops the producer, which ends the row iteration (releasing any DB cursor).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Duplex, Writable } from 'node:stream';

const ROWS_PER_TURN = 200;

/** Counts rows and, every so often or when `out` is full, waits for the reader. */
export function readerPace(out: Writable): () => Promise<void> {
  let rows = 0;
  return async () => {
    rows += 1;
    if (rows % ROWS_PER_TURN === 0) await nextTurn();
    await waitForReader(out);
  };
}

/** Resolves once `out` can take more; rejects when the reader closed it early. */
export async function waitForReader(out: Writable): Promise<void> {
  if (out.destroyed) throw new ReaderGoneError();
  if (!out.writableNeedDrain) return;
  await new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      out.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      out.off('drain', onDrain);
      reject(new ReaderGoneError());
    };
    out.once('drain', onDrain);
    out.once('close', onClose);
  });
}

/** Starts `produce` writing into `out` and returns `out`; a failure destroys it with the error. */
export function produceInto<T extends Duplex>(out: T, produce: () => Promise<void>): T {
  produce().catch((error: unknown) => {
    if (!out.destroyed) out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return out;
}

export class ReaderGoneError extends Error {
  readonly code = 'READER_GONE';
  constructor() {
    super('The reader closed the file stream before it was complete');
    this.name = 'ReaderGoneError';
  }
}
