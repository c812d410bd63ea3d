/**
 * The files module owns generated files (reports, exports, passes): this port stores them
 * under relative keys, and `tabular/` and `report/` render them as streams. Adapters live
 * beside it (`local-file-storage.ts`); an S3-style store can implement the same port.
 */
import type { Readable } from 'node:stream';

export type StoredFile = { readonly key: string; readonly sizeBytes: number; readonly sha256: string };

export interface FileStorage {
  /** Streams `body` to `key` atomically (temp file then rename); resolves when durable. */
  write(key: string, body: Readable): Promise<StoredFile>;
  /** A stream of the file; rejects with FileNotFoundError when absent. */
  read(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  remove(key: string): Promise<void>;
}

/** No file is stored under the key (404). */
export class FileNotFoundError extends Error {
  readonly code = 'FILE_NOT_FOUND';
  constructor(readonly key: string) {
    super(`No file is stored under ${key}`);
    this.name = 'FileNotFoundError';
  }
}

/** The key is not a safe relative path: absolute, `..`, a backslash or another character (400). */
export class InvalidFileKeyError extends Error {
  readonly code = 'INVALID_FILE_KEY';
  constructor(readonly key: string) {
    super(`Invalid file key ${JSON.stringify(key)}: use relative paths of [A-Za-z0-9._-] segments`);
    this.name = 'InvalidFileKeyError';
  }
}

const KEY_CHARACTERS = /^[A-Za-z0-9._/-]+$/;
const MAX_KEY_LENGTH = 512;

/**
 * Returns the key's path segments, or throws InvalidFileKeyError. Every segment must be a
 * plain name: no empty segment (so no leading `/` or `//`), no `.` and no `..`, so a key can
 * never name a path outside the storage root whatever the adapter joins it to.
 */
export function fileKeySegments(key: string): readonly string[] {
  if (key.length > MAX_KEY_LENGTH || !KEY_CHARACTERS.test(key)) throw new InvalidFileKeyError(key);
  const segments = key.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new InvalidFileKeyError(key);
  }
  return segments;
}
