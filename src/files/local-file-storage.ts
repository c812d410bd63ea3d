/**
 * FileStorage on the local disk, rooted at one directory (the app passes `DATA_DIR/files`).
 * A write streams into a uniquely named temp file beside its target, fsyncs it, renames it
 * over the target and fsyncs the directory, so a reader sees either no file or the whole
 * file; a failed body leaves nothing behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileNotFoundError, fileKeySegments, type FileStorage, type StoredFile } from './file-storage.js';

export function createLocalFileStorage(root: string): FileStorage {
  const base = resolve(root);
  const pathOf = (key: string) => join(base, ...fileKeySegments(key));

  return {
    async write(key, body) {
      // A body failing before the pipeline takes it (during mkdir) must not be an uncaught
      // error; the pipeline still sees it, as the stream's `errored` state.
      body.on('error', () => undefined);
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const temp = join(dirname(target), `.${randomUUID()}.tmp`);
      try {
        const { sizeBytes, sha256 } = await writeDurably(temp, body);
        await rename(temp, target);
        await syncPath(dirname(target));
        return { key, sizeBytes, sha256 } satisfies StoredFile;
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },

    async read(key) {
      const path = pathOf(key);
      const handle = await open(path, 'r').catch((error: unknown) => {
        throw isMissing(error) ? new FileNotFoundError(key) : error;
      });
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new FileNotFoundError(key);
      }
      return handle.createReadStream();
    },

    async exists(key) {
      const path = pathOf(key);
      try {
        return (await stat(path)).isFile();
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },

    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/** Streams `body` into a new file at `path` through a hash and byte count, then fsyncs it. */
async function writeDurably(path: string, body: Readable): Promise<{ sizeBytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(body, measure, createWriteStream(path, { flags: 'wx' }));
  await syncPath(path);
  return { sizeBytes, sha256: hash.digest('hex') };
}

/** fsync of a file's data or of a directory's entries (so a rename is durable too). */
async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
