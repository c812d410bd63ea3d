/**
 * Report generation end to end on the known history (./analytics-history.ts): 202 at once,
 * the background worker builds the file, the status moves to completed, and the download
 * parses back. Custom definitions are validated against the registries; schedules run on a
 * cron, deliver to the outbox, and make up a run missed while no process ran.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, login, startTestSystem, type TestSystem } from '../../support/test-system.js';
import { rawEvent } from '../../support/event-fixtures.js';
import { appendHistory, userWithRole, type History } from './analytics-history.js';

describe('reports', () => {
  let t: TestSystem;
  let admin: Record<string, string>;
  let officer: Record<string, string>;
  let h: History;

  beforeAll(async () => {
    t = await startTestSystem();
    admin = { authorization: `Bearer ${await login(t.app, ADMIN.email, ADMIN.password)}` };
    h = await appendHistory(t, admin);
    officer = await userWithRole(t, admin, 'safety_officer');
  });
  afterAll(async () => {
    await t.close();
  });

  const march = (departmentId = h.deptA) => ({ from: '2026-03-01', to: '2026-03-31', departmentId });

  async function generate(headers: Record<string, string>, body: Record<string, unknown>) {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/reports/generate',
      headers,
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(202);
    return response.json<{ reportId: string; status: string; position: string }>();
  }

  async function completed(headers: Record<string, string>, reportId: string) {
    for (let i = 0; i < 100; i++) {
      const response = await t.app.inject({ method: 'GET', url: `/api/reports/${reportId}`, headers });
      if (response.statusCode === 200) {
        const report = response.json<{ status: string; downloadUrl: string | null; sizeBytes: number }>();
        if (report.status === 'completed' || report.status === 'failed') return report;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`report ${reportId} did not finish`);
  }

  async function download(headers: Record<string, string>, reportId: string) {
    const report = await completed(headers, reportId);
    expect(report.status).toBe('completed');
    const response = await t.app.inject({ method: 'GET', url: report.downloadUrl!, headers });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.length).toBe(report.sizeBytes);
    return response;
  }

  it('answers 202 at once and builds a PDF with a title page, KPI table and charts', async () => {
    const { reportId, status } = await generate(officer, {
      type: 'safety_kpis',
      format: 'pdf',
      parameters: march(),
    });
    expect(status).toBe('queued');
    const response = await download(officer, reportId);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="safety_kpis-2026-03-01_2026-03-31.pdf"',
    );
    const pdf = response.rawPayload.toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect(pdf.match(/\/Type \/Page\b/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('builds an incident summary workbook with the KPIs and the incidents of the period', async () => {
    const { reportId } = await generate(officer, {
      type: 'incident_summary',
      format: 'xlsx',
      parameters: march(),
    });
    const response = await download(officer, reportId);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const names = workbook.worksheets.map((s) => s.name);
    expect(names[0]).toMatch(/KPI/i);
    const incidents = workbook.worksheets.find((s) => s.name === 'Incidents')!;
    expect(incidents.rowCount).toBe(4); // header + i1, i2, i3
    const kpis = workbook.worksheets[0]!;
    const values = new Map<string, unknown>();
    kpis.eachRow((row) => values.set(row.getCell(2).text, row.getCell(3).value));
    expect(values.get('TRIR')).toBe(40);
  });

  it('runs a custom definition: group-by with aggregates, as CSV', async () => {
    const definition = {
      title: 'Cases by type',
      dataset: 'incidents',
      groupBy: 'type',
      aggregates: [{ fn: 'count' }, { fn: 'sum', column: 'daysAway' }],
      metrics: ['recordable_cases'],
    };
    const { reportId } = await generate(officer, {
      type: 'custom',
      format: 'csv',
      parameters: march(),
      definition,
    });
    const csv = (await download(officer, reportId)).body;
    const lines = csv.split(/\r?\n/);
    const start = lines.findIndex((line) => line.startsWith('Type,'));
    expect(start).toBeGreaterThan(0);
    const rows = parse(lines.slice(start).join('\n'), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
    expect(rows.slice(0, 3)).toEqual([
      { Type: 'injury', Count: '1', 'sum of Days away': '5' },
      { Type: 'near_miss', Count: '1', 'sum of Days away': '0' },
      { Type: 'illness', Count: '1', 'sum of Days away': '0' },
    ]);
  });

  it('refuses definitions the registries do not allow', async () => {
    const bad = [
      { type: 'custom', format: 'csv', parameters: march() },
      { type: 'safety_kpis', format: 'csv', parameters: march(), definition: { dataset: 'incidents' } },
      {
        type: 'custom',
        format: 'csv',
        parameters: march(),
        definition: { dataset: 'incidents', groupBy: 'colour' },
      },
      {
        type: 'custom',
        format: 'csv',
        parameters: march(),
        definition: { dataset: 'visits', columns: ['visitorName'] },
      },
      {
        type: 'custom',
        format: 'csv',
        parameters: march(),
        definition: { dataset: 'incidents', groupBy: 'type', aggregates: [{ fn: 'sum', column: 'title' }] },
      },
      {
        type: 'custom',
        format: 'csv',
        parameters: march(),
        definition: { dataset: 'incidents', metrics: ['nope'] },
      },
      { type: 'safety_kpis', format: 'doc', parameters: march() },
      { type: 'safety_kpis', format: 'pdf', parameters: { from: '2026-03-31', to: '2026-03-01' } },
    ];
    for (const payload of bad) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/reports/generate',
        headers: officer,
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });

  it('lists reports, newest first: everyone’s for analysts and admins, one’s own otherwise', async () => {
    const mine = await t.app.inject({ method: 'GET', url: '/api/reports/list', headers: officer });
    const all = await t.app.inject({ method: 'GET', url: '/api/reports/list', headers: admin });
    expect(mine.json<{ items: unknown[] }>().items.length).toBe(3);
    const { reportId, position } = await generate(admin, {
      type: 'visitor_summary',
      format: 'csv',
      parameters: march(),
    });
    const listed = await t.app.inject({
      method: 'GET',
      url: '/api/reports/list?limit=2',
      headers: { ...admin, 'x-min-position': position },
    });
    const page = listed.json<{ items: { reportId: string }[]; nextCursor: string | null }>();
    expect(page.items[0]!.reportId).toBe(reportId);
    expect(page.nextCursor).not.toBeNull();
    expect(all.json<{ items: unknown[] }>().items.length).toBe(3);
    const notMine = await t.app.inject({ method: 'GET', url: `/api/reports/${reportId}`, headers: officer });
    expect(notMine.statusCode).toBe(404);
    await completed(admin, reportId);
  });

  it('runs a schedule on its cron and delivers the link to the outbox', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/reports/schedules',
      headers: officer,
      payload: {
        name: 'Every second',
        cron: '*/1 * * * * *',
        report: { type: 'safety_kpis', format: 'csv', parameters: { period: 'month_to_date' } },
        recipients: [h.hostA],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { scheduleId } = created.json<{ scheduleId: string }>();
    let delivered: { recipient: string; channel: string; ok: boolean } | undefined;
    for (let i = 0; i < 100 && delivered === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const runs = await t.system.log.readStream(`reportSchedule-${scheduleId}`);
      const run = runs.find((e) => e.type === 'ReportScheduleRan');
      if (run === undefined) continue;
      const report = await t.system.log.readStream(`report-${(run.data as { reportId: string }).reportId}`);
      delivered = report.find((e) => e.type === 'ReportDelivered')?.data as typeof delivered;
    }
    expect(delivered).toEqual(expect.objectContaining({ recipient: h.hostA, channel: 'outbox', ok: true }));
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/reports/schedules/${scheduleId}`,
      headers: officer,
    });
    expect(deleted.statusCode).toBe(204);
    const badCron = await t.app.inject({
      method: 'POST',
      url: '/api/reports/schedules',
      headers: officer,
      payload: {
        name: 'Never',
        cron: '61 * * * *',
        report: { type: 'safety_kpis', format: 'csv', parameters: { period: 'previous_day' } },
        recipients: [h.hostA],
      },
    });
    expect(badCron.statusCode).toBe(400);
  });

  it('makes up, once, a run missed while no process was running', async () => {
    const scheduleId = randomUUID();
    const now = Date.now();
    await t.system.log.append(`reportSchedule-${scheduleId}`, [
      rawEvent('ReportScheduleCreated', {
        scheduleId,
        name: 'Hourly',
        cron: '0 * * * *',
        report: {
          type: 'safety_kpis',
          format: 'csv',
          definition: null,
          period: 'previous_day',
          departmentId: null,
        },
        recipients: [h.hostA],
        createdBy: 'someone',
        createdAt: new Date(now - 3 * 3_600_000).toISOString(),
      }),
    ]);
    // Creating another schedule through the API makes the scheduler reload, as a restart would.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/reports/schedules',
      headers: officer,
      payload: {
        name: 'Yearly',
        cron: '0 0 1 1 *',
        report: { type: 'safety_kpis', format: 'csv', parameters: { period: 'previous_month' } },
        recipients: [h.hostA],
      },
    });
    expect(other.statusCode).toBe(201);
    let runs: { missed: boolean; scheduledFor: string }[] = [];
    for (let i = 0; i < 50 && runs.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      runs = (await t.system.log.readStream(`reportSchedule-${scheduleId}`))
        .filter((e) => e.type === 'ReportScheduleRan')
        .map((e) => e.data as { missed: boolean; scheduledFor: string });
    }
    const lastHour = new Date(Math.floor(now / 3_600_000) * 3_600_000).toISOString();
    expect(runs).toEqual([expect.objectContaining({ missed: true, scheduledFor: lastHour })]);
  });
});
