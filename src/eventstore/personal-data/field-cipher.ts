/**
 * AES-256-GCM for single personal fields. The subject id and field path are authenticated
 * data, so a ciphertext cannot be moved to another person or field without failing to open.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { pooledRandomBytes } from '../../events/random-pool.js';

const PREFIX = 'pd1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealField(key: Buffer, subjectId: string, path: string, value: unknown): string {
  return sealJson(key, subjectId, path, JSON.stringify(value));
}

/** sealField for a value already in JSON (`json` as JSON.stringify gives it). */
export function sealJson(key: Buffer, subjectId: string, path: string, json: string): string {
  const iv = pooledRandomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${subjectId}|${path}`));
  const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** The field's value, or undefined when the key cannot open it (erased, or not ours). */
export function openField(key: Buffer, subjectId: string, path: string, sealed: unknown): unknown {
  if (typeof sealed !== 'string' || !sealed.startsWith(PREFIX)) return undefined;
  const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(`${subjectId}|${path}`));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const clear = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(clear.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** Wraps a subject key under the master key (same scheme, fixed context). */
export function wrapKey(master: Buffer, subjectId: string, key: Buffer): string {
  return sealField(master, subjectId, 'subject-key', key.toString('base64'));
}

export function unwrapKey(master: Buffer, subjectId: string, wrapped: string): Buffer | undefined {
  const opened = openField(master, subjectId, 'subject-key', wrapped);
  return typeof opened === 'string' ? Buffer.from(opened, 'base64') : undefined;
}
