/**
 * Dashboards and exports over HTTP on the known history (./analytics-history.ts): who may see
 * what, widgets as event-sourced configuration with their data, the SSE stream with a real
 * HTTP client, and exports parsed back.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, login, startTestSystem, type TestSystem } from '../../support/test-system.js';
import { rawEvent } from '../../support/event-fixtures.js';
import { appendHistory, userWithRole, type History } from './analytics-history.js';

describe('dashboards and exports', () => {
  let t: TestSystem;
  let admin: Record<string, string>;
  let h: History;
  const tokens: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await startTestSystem();
    admin = { authorization: `Bearer ${await login(t.app, ADMIN.email, ADMIN.password)}` };
    h = await appendHistory(t, admin);
    for (const role of ['analyst', 'executive', 'safety_officer', 'security', 'employee', 'kiosk'])
      tokens[role] = await userWithRole(t, admin, role, h.deptA);
  });
  afterAll(async () => {
    await t.close();
  });

  const request = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: Record<string, unknown>,
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...headers, 'x-min-position': h.position.toString() },
      ...(payload && { payload }),
    });

  it('lets each allowed role see the dashboards and refuses the others with 403', async () => {
    const cases: [string, readonly string[]][] = [
      ['/api/dashboard/metrics', ['analyst', 'executive', 'safety_officer', 'security']],
      ['/api/dashboard/executive', ['analyst', 'executive']],
      ['/api/analytics/kpis', ['analyst', 'executive', 'safety_officer']],
      [
        `/api/dashboard/department/${h.deptA}`,
        ['analyst', 'executive', 'safety_officer', 'security', 'employee'],
      ],
      [`/api/dashboard/department/${h.deptB}`, ['analyst', 'executive', 'safety_officer', 'security']],
    ];
    for (const [url, allowed] of cases)
      for (const role of Object.keys(tokens)) {
        const response = await request('GET', url, tokens[role]!);
        expect(response.statusCode, `${role} ${url}`).toBe(allowed.includes(role) ? 200 : 403);
      }
  });

  it('serves the live metrics with the position they include', async () => {
    const response = await request('GET', '/api/dashboard/metrics', tokens.analyst!);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      visitorsOnSite: 1,
      openIncidents: 4,
      overdueActions: 0,
      trainingCompliance: null,
    });
    expect(BigInt(body.position as string)).toBeGreaterThanOrEqual(h.position);
  });

  it('compares a period with the one before it for executives', async () => {
    const response = await request(
      'GET',
      `/api/dashboard/executive?from=2026-03-01&to=2026-03-31&departmentId=${h.deptA}`,
      tokens.executive!,
    );
    const body = response.json<{ previousPeriod: unknown; safety: Record<string, unknown> }>();
    expect(body.previousPeriod).toEqual({ from: '2026-01-29', to: '2026-02-28' });
    expect(body.safety.recordableCases).toEqual({ current: 2, previous: 0, change: 2, changePercent: null });
    expect(body.safety.trir).toEqual({ current: 40, previous: null, change: null, changePercent: null });
  });

  it('keeps widgets per user as events, validates their config, and returns them with data', async () => {
    const widget = {
      type: 'trend',
      title: 'Recordables',
      config: { metric: 'recordable_cases', interval: 'month', days: 60 },
      position: { x: 0, y: 0, w: 4, h: 2 },
    };
    const created = await request('POST', '/api/dashboard/widgets', tokens.analyst!, widget);
    expect(created.statusCode, created.body).toBe(201);
    const { id, position } = created.json<{ id: string; position: string }>();
    const bad = await request('POST', '/api/dashboard/widgets', tokens.analyst!, {
      ...widget,
      config: { metric: 'nope' },
    });
    expect(bad.statusCode).toBe(400);
    const metric = await request('POST', '/api/dashboard/widgets', tokens.analyst!, {
      type: 'metric',
      title: 'On site',
      config: { metric: 'visitorsOnSite' },
      position: { x: 4, y: 0, w: 2, h: 1 },
    });
    expect(metric.statusCode).toBe(201);

    const moved = await request('PUT', `/api/dashboard/widgets/${id}`, tokens.analyst!, {
      ...widget,
      position: { x: 0, y: 3, w: 4, h: 2 },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const retype = await request('PUT', `/api/dashboard/widgets/${id}`, tokens.analyst!, {
      ...widget,
      type: 'metric',
      config: { metric: 'visits' },
    });
    expect(retype.statusCode).toBe(409);
    const notMine = await request('PUT', `/api/dashboard/widgets/${id}`, tokens.executive!, widget);
    expect(notMine.statusCode).toBe(404);

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/dashboard/widgets',
      headers: { ...tokens.analyst!, 'x-min-position': moved.json<{ position: string }>().position },
    });
    const items = list.json<{
      items: { id: string; title: string; position: unknown; data: Record<string, unknown> }[];
    }>().items;
    expect(items.map((w) => w.title)).toEqual(['On site', 'Recordables']);
    expect(items[0]!.data).toEqual({ value: 1 });
    expect(items[1]!.position).toEqual({ x: 0, y: 3, w: 4, h: 2 });
    expect(items[1]!.data).toMatchObject({ metric: 'recordable_cases', interval: 'month' });
    const others = await request('GET', '/api/dashboard/widgets', tokens.executive!);
    expect(others.json<{ items: unknown[] }>().items).toEqual([]);

    const deleted = await request('DELETE', `/api/dashboard/widgets/${id}`, tokens.analyst!);
    expect(deleted.statusCode).toBe(204);
    expect(BigInt(position)).toBeGreaterThan(0n);
    const history = await t.system.log.readStream(`dashboardWidget-${id}`);
    expect(history.map((e) => e.type)).toEqual([
      'DashboardWidgetCreated',
      'DashboardWidgetMoved',
      'DashboardWidgetDeleted',
    ]);
    // Auditors see a widget as it was, folded with the widget's own decider.
    const asOf = await request('GET', `/api/audit/state/dashboardWidget-${id}`, admin);
    expect(asOf.json()).toMatchObject({
      category: 'dashboardWidget',
      eventCount: 3,
      state: { status: 'deleted' },
    });
  });

  it('exports a dataset as CSV, XLSX and PDF, with personal columns only for roles that may see them', async () => {
    const body = (format: string) => ({
      dataset: 'incidents',
      format,
      filters: { departmentId: h.deptA, from: '2026-03-01', to: '2026-03-31' },
    });
    const csv = await request('POST', '/api/analytics/export', tokens.safety_officer!, body('csv'));
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="incidents-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const rows = parse(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.Type)).toEqual(['injury', 'near_miss', 'illness']);
    expect(Object.keys(rows[0]!)).toContain('Injured person');
    const analyst = await request('POST', '/api/analytics/export', tokens.analyst!, body('csv'));
    expect(
      Object.keys((parse(analyst.body, { columns: true }) as Record<string, string>[])[0]!),
    ).not.toContain('Injured person');

    const xlsx = await request('POST', '/api/analytics/export', tokens.analyst!, body('xlsx'));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(2).getCell(3).value).toBe('injury');

    const pdf = await request('POST', '/api/analytics/export', tokens.analyst!, body('pdf'));
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    expect((await request('POST', '/api/analytics/export', tokens.employee!, body('csv'))).statusCode).toBe(
      403,
    );
    expect(
      (await request('POST', '/api/analytics/export', tokens.analyst!, { dataset: 'secrets', format: 'csv' }))
        .statusCode,
    ).toBe(400);
  });

  it('streams metric updates over Server-Sent Events after a command', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const abort = new AbortController();
    const response = await fetch(`${address}/api/dashboard/stream`, {
      headers: { ...tokens.security!, origin: 'http://localhost:5173' },
      signal: abort.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // Headers set before the stream took over (CORS here) go out with it.
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const reader = response.body!.getReader();
    const events: Record<string, unknown>[] = [];
    let buffer = '';
    const nextEvent = async () => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data !== undefined) return JSON.parse(data.slice(6)) as Record<string, unknown>;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer += new TextDecoder().decode(value as Uint8Array);
      }
    };
    events.push(await nextEvent());
    const visitId = crypto.randomUUID();
    await t.system.log.append(`visit-${visitId}`, [
      rawEvent('VisitorCheckedIn', {
        visitId,
        visitorId: crypto.randomUUID(),
        visitor: { firstName: 'Sam', lastName: 'Stream', email: null, phone: null, company: null },
        hostId: h.hostA,
        purpose: 'Demo',
        expectedDeparture: null,
        badgeNumber: 'B-SSE',
        approvalRequired: false,
        checkedInAt: new Date().toISOString(),
      }),
    ]);
    events.push(await nextEvent());
    abort.abort();
    expect(events[1]!.visitorsOnSite).toBe((events[0]!.visitorsOnSite as number) + 1);
    expect(BigInt(events[1]!.position as string)).toBeGreaterThan(BigInt(events[0]!.position as string));
  });
});
