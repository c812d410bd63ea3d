import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileNotFoundError, InvalidFileKeyError, type FileStorage } from '../../src/files/file-storage.js';
import { createLocalFileStorage } from '../../src/files/local-file-storage.js';
import { readAll } from './file-readers.js';

let root: string;
let storage: FileStorage;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'file-storage-'));
  storage = createLocalFileStorage(root);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Sends `chunks`, then fails, as a report whose row source breaks half way would. */
function failingBody(chunks: readonly string[]): Readable {
  const body = new Readable({ read() {} });
  for (const chunk of chunks) body.push(Buffer.from(chunk));
  setImmediate(() => body.destroy(new Error('row source failed')));
  return body;
}

describe('local file storage', () => {
  it('round-trips a file with its size and SHA-256, then removes it', async () => {
    const body = Buffer.from('a,b\n1,2\n'.repeat(10_000));
    const stored = await storage.write(
      'reports/2026/abc.csv',
      Readable.from([body.subarray(0, 7), body.subarray(7)]),
    );
    expect(stored).toEqual({
      key: 'reports/2026/abc.csv',
      sizeBytes: body.length,
      sha256: createHash('sha256').update(body).digest('hex'),
    });
    expect(await storage.exists('reports/2026/abc.csv')).toBe(true);
    expect(await readAll(await storage.read('reports/2026/abc.csv'))).toEqual(body);

    await storage.remove('reports/2026/abc.csv');
    expect(await storage.exists('reports/2026/abc.csv')).toBe(false);
    await expect(storage.read('reports/2026/abc.csv')).rejects.toBeInstanceOf(FileNotFoundError);
    await storage.remove('reports/2026/abc.csv');
  });

  it('answers FileNotFoundError for a key that names a directory or nothing', async () => {
    await storage.write('reports/2026/abc.pdf', Readable.from([Buffer.from('%PDF-')]));
    await expect(storage.read('reports/2026')).rejects.toBeInstanceOf(FileNotFoundError);
    await expect(storage.read('reports/2027/x.pdf')).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await storage.exists('reports/2026')).toBe(false);
    expect(await storage.exists('reports/2026/abc.pdf/x')).toBe(false);
  });

  it('leaves no partial file when the body fails, and keeps the previous version', async () => {
    await storage.write('reports/r.csv', Readable.from([Buffer.from('first version\n')]));
    await expect(
      storage.write('reports/r.csv', failingBody(['second ', 'version'.repeat(50_000)])),
    ).rejects.toThrow('row source failed');
    await expect(storage.write('reports/new.csv', failingBody(['partial']))).rejects.toThrow(
      'row source failed',
    );

    expect((await readAll(await storage.read('reports/r.csv'))).toString()).toBe('first version\n');
    expect(await storage.exists('reports/new.csv')).toBe(false);
    expect(await readdir(join(root, 'reports'))).toEqual(['r.csv']);
  });

  it.each([
    '../outside.pdf',
    'reports/../../outside.pdf',
    '/etc/passwd',
    'reports//abc.pdf',
    'reports/./abc.pdf',
    'reports/..',
    'reports\\abc.pdf',
    '..\\outside.pdf',
    'reports/abc.pdf/',
    'reports/a b.pdf',
    'reports/ärger.pdf',
    'reports/abc.pdf\0',
    '',
  ])('refuses the key %j on every operation', async (key) => {
    await expect(storage.write(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
      InvalidFileKeyError,
    );
    await expect(storage.read(key)).rejects.toBeInstanceOf(InvalidFileKeyError);
    await expect(storage.exists(key)).rejects.toBeInstanceOf(InvalidFileKeyError);
    await expect(storage.remove(key)).rejects.toBeInstanceOf(InvalidFileKeyError);
    expect(await readdir(root)).toEqual([]);
  });
});
