/** The operator CLI, run as a real process against the embedded stores. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '../../src/cli.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'crm-cli-'));
const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', EVENTSTORE_URL: '', LOG_LEVEL: 'warn' };
const exec = (...args: string[]) => run(process.execPath, ['--import', 'tsx', cli, ...args], { env });

describe('cli', () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists projections', async () => {
    const { stdout } = await exec('projections', 'list');
    const [header, ...rows] = stdout.trim().split('\n');
    expect(header).toBe('name\tversion\tstatus\tcheckpoint\thead\tlag\tlagMs\tparked');
    expect(rows.some((r) => r.startsWith('users\t1\t'))).toBe(true);
  });

  it('rebuilds a projection with progress and verifies the log', async () => {
    const rebuilt = await exec('projections', 'rebuild', 'users');
    expect(rebuilt.stderr).toMatch(/rebuild users: switched to generation \d+/);
    const verified = await exec('verify');
    expect(JSON.parse(verified.stdout.trim().split('\n').pop()!)).toEqual({
      verifiedEvents: 0,
      brokenAt: null,
    });
  });

  it('prints usage and fails for an unknown command', async () => {
    await expect(exec('frobnicate')).rejects.toMatchObject({
      code: 64,
      stderr: expect.stringContaining('usage') as string,
    });
  });
});
