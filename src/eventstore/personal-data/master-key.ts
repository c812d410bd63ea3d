/**
 * The master key that wraps every subject key. From MASTER_KEY (base64 of 32 bytes) when
 * set; otherwise, for the embedded default, a key file created once in DATA_DIR. Several
 * processes sharing MySQL must share MASTER_KEY, which is why production requires it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadMasterKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured !== undefined) return decode(configured, 'MASTER_KEY');
  const file = join(dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return decode(readFileSync(file, 'utf8').trim(), file);
}

function decode(value: string, source: string): Buffer {
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error(`${source} must be the base64 of exactly 32 bytes`);
  return key;
}
