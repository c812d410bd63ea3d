import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../src/events/envelope.js';
import { auditEventJson, CSV_COLUMNS } from '../../../src/queries/audit/export-writer.js';
import { startTestSystem, type TestSystem } from '../../support/test-system.js';
import { auditActors, bearer, createUser, type AuditActors } from './audit-test-users.js';

type Row = ReturnType<typeof auditEventJson>;

describe('POST /api/audit/exports', () => {
  let t: TestSystem;
  let a: AuditActors;

  beforeAll(async () => {
    t = await startTestSystem();
    a = await auditActors(t);
    await createUser(t, a.admin, {
      email: 'hana@example.org',
      password: 'hana-password',
      name: 'Hana "Quotes", Comma',
      roles: ['employee'],
      phone: '+81 90 0000 0000',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const exportAs = (token: string, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/audit/exports', headers: bearer(token), payload });

  /** What the export should hold, read straight from the log. */
  async function expected(keep: (e: RecordedEvent) => boolean = () => true): Promise<Row[]> {
    const events = await t.system.log.readAll({ limit: 100_000 });
    return events.filter(keep).map(auditEventJson);
  }

  function checkManifest(response: Awaited<ReturnType<typeof exportAs>>, rows: readonly Row[]): void {
    expect(response.headers.trailer).toContain('x-export-sha256');
    expect(response.trailers).toEqual({
      'x-export-event-count': String(rows.length),
      'x-export-first-position': rows[0]?.position ?? '',
      'x-export-last-position': rows.at(-1)?.position ?? '',
      'x-export-sha256': createHash('sha256').update(response.rawPayload).digest('hex'),
    });
  }

  it('exports ndjson that parses back to the log, with the manifest in trailers', async () => {
    const response = await exportAs(a.auditor, { format: 'ndjson' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-export-.*\.ndjson"$/,
    );
    const rows = response.body
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Row);
    const log = await expected();
    expect(rows).toEqual(log);
    expect(
      rows.some((r) => r.data !== null && (r.data as { name?: string }).name === 'Hana "Quotes", Comma'),
    ).toBe(true);
    checkManifest(response, rows);
  });

  it('exports csv with filters that parses back to the matching events', async () => {
    const response = await exportAs(a.admin, {
      format: 'csv',
      filters: { category: 'user', actorId: a.adminId },
    });
    expect(response.statusCode).toBe(200);
    const records = parse<Record<string, string>>(response.body, { columns: true });
    expect(Object.keys(records[0]!)).toEqual(CSV_COLUMNS);
    const rows = records.map((r) => fromTable(r));
    const log = await expected(
      (e) =>
        e.streamId.startsWith('user-') &&
        'userId' in e.metadata.actor &&
        e.metadata.actor.userId === a.adminId,
    );
    expect(log.length).toBe(3);
    expect(rows).toEqual(log);
    checkManifest(response, rows);
  });

  it('exports xlsx that parses back to the log', async () => {
    const response = await exportAs(a.auditor, { format: 'xlsx', filters: { type: 'UserRegistered' } });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('events')!;
    const table: string[][] = [];
    sheet.eachRow((row) =>
      table.push((row.values as unknown[]).slice(1).map((v) => (typeof v === 'string' ? v : ''))),
    );
    expect(table[0]).toEqual(CSV_COLUMNS);
    const rows = table
      .slice(1)
      .map((cells) => fromTable(Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, cells[i] ?? '']))));
    expect(rows).toEqual(await expected((e) => e.type === 'UserRegistered'));
    checkManifest(response, rows);
  });

  it('exports an empty file with an empty manifest when nothing matches', async () => {
    const response = await exportAs(a.auditor, {
      format: 'ndjson',
      filters: { from: '2999-01-01T00:00:00Z' },
    });
    expect(response.body).toBe('');
    checkManifest(response, []);
  });

  it('answers 400 per bad field and 403 for an employee', async () => {
    const bad = await exportAs(a.auditor, { format: 'pdf', filters: { from: 'soon', color: 'red' } });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json<{ errors: { path: string }[] }>().errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.format', 'body.filters.from']));
    expect((await exportAs(a.employee, { format: 'ndjson' })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/audit/exports', payload: { format: 'csv' } }))
        .statusCode,
    ).toBe(401);
  });
});

function fromTable(record: Record<string, string>): Row {
  return {
    position: record.position!,
    streamId: record.streamId!,
    revision: record.revision!,
    type: record.type!,
    data: JSON.parse(record.data!) as unknown,
    metadata: JSON.parse(record.metadata!) as Row['metadata'],
    erased: record.erased === '' ? [] : record.erased!.split(';'),
  };
}
