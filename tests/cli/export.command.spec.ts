import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportToFile, parseExportArgs } from '../../src/cli/export.command.js';
import { auditEventJson } from '../../src/queries/audit/export-writer.js';
import { startTestSystem, type TestSystem } from '../support/test-system.js';

describe('cli export', () => {
  let t: TestSystem;
  let dir: string;
  const lines: string[] = [];
  const bar = {
    update: (done: bigint, total: bigint) => lines.push(`${done}/${total}`),
    finish: (m: string) => lines.push(m),
  };

  beforeAll(async () => {
    t = await startTestSystem();
    dir = mkdtempSync(join(tmpdir(), 'crm-export-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the filtered log to a file with a manifest beside it, showing progress', async () => {
    const out = join(dir, 'users.ndjson');
    const args = parseExportArgs([
      '--format',
      'ndjson',
      '--out',
      out,
      '--type',
      'UserRegistered',
      '--from',
      '2000-01-01T00:00:00Z',
    ]);
    const manifest = await exportToFile(t.system.log, args, bar);
    const file = readFileSync(out);
    const expected = (await t.system.log.readAll({ filter: { eventTypes: ['UserRegistered'] } })).map(
      auditEventJson,
    );
    expect(
      file
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual(expected);
    expect(JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'))).toMatchObject({
      format: 'ndjson',
      eventCount: expected.length,
      firstPosition: expected[0]!.position,
      lastPosition: expected.at(-1)!.position,
      sha256: createHash('sha256').update(file).digest('hex'),
      bytes: file.length,
      filters: { type: 'UserRegistered' },
    });
    expect(manifest.eventCount).toBe(1);
    expect(lines.at(-1)).toContain('1 events');
  });

  it('refuses a wrong command line with a message', () => {
    expect(() => parseExportArgs(['--format', 'pdf', '--out', 'x'])).toThrow(/--format/);
    expect(() => parseExportArgs(['--format', 'csv'])).toThrow(/--out/);
    expect(() => parseExportArgs(['--format', 'csv', '--out', 'x', '--from', 'yesterday'])).toThrow(
      /ISO-8601/,
    );
  });
});
