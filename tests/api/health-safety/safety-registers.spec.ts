import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHsFixture, type HsFixture } from './hs-fixture.js';

const BASE = '/api/health-safety';

describe('health & safety registers and reports over HTTP', () => {
  let f: HsFixture;
  beforeAll(async () => {
    f = await startHsFixture();
  });
  afterAll(async () => {
    await f.t.close();
  });
  const post = (url: string, body: unknown) => f.call('officer', 'POST', `${BASE}${url}`, body);
  const get = async (url: string) => f.call('officer', 'GET', `${BASE}${url}`, undefined, await f.head());

  it('schedules an inspection with item ids, scores it without na, and opens an action per failed item', async () => {
    const created = await post('/inspections', {
      title: 'Monthly walk',
      location: 'Hall',
      departmentId: f.departmentId,
      scheduledFor: '2026-03-10T09:00:00Z',
      inspectorId: f.users.officer.id,
      checklist: [
        { question: 'Exits clear?', weight: 3 },
        { question: 'Extinguishers?' },
        { question: 'Guards?', weight: 2 },
      ],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ status: 'scheduled' });
    const { inspectionId } = created.json<{ inspectionId: string }>();
    const detail = (await get(`/inspections/${inspectionId}`)).json<{ checklist: { itemId: string }[] }>();
    const [a, b, c] = detail.checklist.map((i) => i.itemId);
    const done = await post(`/inspections/${inspectionId}/complete`, {
      responses: [
        { itemId: a, result: 'pass' },
        { itemId: b, result: 'fail', note: 'empty' },
        { itemId: c, result: 'na' },
      ],
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ score: 75, failedItems: [b], status: 'completed' });
    const again = await post(`/inspections/${inspectionId}/complete`, {
      responses: [{ itemId: a, result: 'pass' }],
    });
    expect(again.statusCode).toBe(409);
    const actions = (await get('/actions?status=open')).json<{
      items: { source: string; sourceId: string; departmentId: string }[];
    }>();
    expect(actions.items).toEqual([
      expect.objectContaining({ source: 'inspection', sourceId: inspectionId, departmentId: f.departmentId }),
    ]);
    const bad = await post(`/inspections/${inspectionId}/complete`, {
      responses: [{ itemId: 'x', result: 'maybe' }],
    });
    expect(bad.statusCode).toBe(400);
  });

  it('records training with computed expiry and lists it by status', async () => {
    const course = await post('/training/courses', {
      name: 'Forklift',
      validityMonths: 12,
      requiredForRoles: ['employee'],
    });
    const { courseId } = course.json<{ courseId: string }>();
    const record = await post('/training', {
      employeeId: f.users.employee.id,
      courseId,
      completedAt: '2020-01-31T08:00:00Z',
    });
    expect(record.statusCode).toBe(201);
    expect(record.json()).toMatchObject({ expiresAt: '2021-01-31T08:00:00.000Z' });
    const expired = (await get(`/training?employeeId=${f.users.employee.id}&status=expired`)).json<{
      items: unknown[];
    }>();
    expect(expired.items).toEqual([
      expect.objectContaining({ courseName: 'Forklift', status: 'expired', departmentId: f.departmentId }),
    ]);
    expect((await get('/training?status=valid')).json<{ items: unknown[] }>().items).toEqual([]);
    const unknown = await post('/training', {
      employeeId: f.users.employee.id,
      courseId: f.departmentId,
      completedAt: '2026-01-01T00:00:00Z',
    });
    expect(unknown.json()).toMatchObject({ code: 'UNKNOWN_COURSE' });
  });

  it('registers hazards with risk score and band, and residual assessments', async () => {
    const res = await post('/hazards', {
      title: 'Open pit',
      description: 'Unfenced',
      location: 'Yard',
      departmentId: f.departmentId,
      likelihood: 4,
      severity: 5,
      controls: [
        { type: 'ppe', description: 'Harness' },
        { type: 'engineering', description: 'Fence' },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ riskScore: 20, riskLevel: 'extreme' });
    const { hazardId } = res.json<{ hazardId: string }>();
    const residual = await post(`/hazards/${hazardId}/assessments`, {
      likelihood: 1,
      severity: 4,
      controls: [{ type: 'elimination', description: 'Fill the pit' }],
    });
    expect(residual.json()).toMatchObject({ riskScore: 4, riskLevel: 'low' });
    const list = (await f.call('employee', 'GET', `${BASE}/hazards`, undefined, await f.head())).json();
    expect(list).toMatchObject({
      items: [
        {
          hazardId,
          riskLevel: 'low',
          initial: { riskLevel: 'extreme' },
          residual: { riskScore: 4 },
          assessments: 1,
          controls: [{ type: 'elimination' }],
        },
      ],
    });
    expect((await post('/hazards', { title: 'x', likelihood: 6 })).statusCode).toBe(400);
  });

  it('computes compliance from obligations, actions, inspections and training', async () => {
    const ob = await post('/obligations', {
      title: 'Permit',
      ownerId: f.users.officer.id,
      dueDate: '2099-01-01',
      departmentId: f.departmentId,
    });
    const { obligationId } = ob.json<{ obligationId: string }>();
    expect((await post(`/obligations/${obligationId}/complete`, { evidence: 'Permit #1' })).statusCode).toBe(
      200,
    );
    const status = (await get(`/compliance?departmentId=${f.departmentId}`)).json<{
      overallCompliance: number;
      categories: { name: string; compliance: number | null; total: number }[];
      pendingActions: number;
    }>();
    const by = Object.fromEntries(status.categories.map((c) => [c.name, c]));
    expect(by.obligations).toMatchObject({ total: 1, compliant: 1, compliance: 100 });
    expect(by.training).toMatchObject({ total: 1, compliant: 0, compliance: 0 });
    // Scheduled for March, completed later (today): not completed by its date.
    expect(by.inspections).toMatchObject({ total: 1, compliant: 0 });
    expect(by.corrective_actions).toMatchObject({ total: 1, overdue: 0 });
    expect(status.pendingActions).toBe(1);
    expect(status.overallCompliance).toBe(50);
    expect((await f.call('employee', 'GET', `${BASE}/compliance`)).statusCode).toBe(403);
  });

  it('records hours and serves the OSHA 300 log as JSON, CSV and XLSX, and monthly statistics', async () => {
    expect(
      (await post('/hours-worked', { departmentId: f.departmentId, month: '2026-02', hours: 100_000 }))
        .statusCode,
    ).toBe(200);
    expect(
      (await post('/hours-worked', { departmentId: f.departmentId, month: '2026-13', hours: 1 })).statusCode,
    ).toBe(400);
    const inc = await f.call('employee', 'POST', `${BASE}/incidents`, {
      title: 'Fall',
      description: 'Fell from ladder',
      occurredAt: '2026-02-03T10:00:00Z',
      location: 'Store',
      departmentId: f.departmentId,
      type: 'injury',
      severity: 'high',
      injuredPersonId: f.users.employee.id,
    });
    const { incidentId, number } = inc.json<{ incidentId: string; number: string }>();
    await post(`/incidents/${incidentId}/classification`, {
      recordable: true,
      outcome: 'days_away',
      daysAway: 12,
      caseType: 'injury',
      jobTitle: 'Picker',
    });
    const json = (await get('/osha-300?year=2026')).json<{
      items: unknown[];
      totals: { daysAwayCases: number };
    }>();
    expect(json.items).toEqual([
      expect.objectContaining({
        caseNumber: number,
        employeeName: 'The employee',
        classification: 'H',
        daysAway: 12,
        jobTitle: 'Picker',
      }),
    ]);
    expect(json.totals.daysAwayCases).toBe(1);
    const csv = await get('/osha-300?year=2026&format=csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows: Record<string, string>[] = parse(csv.body, { columns: true });
    expect(rows).toEqual([
      expect.objectContaining({
        caseNumber: number,
        employeeName: 'The employee',
        classification: 'H',
        daysAway: '12',
        where: 'Store',
      }),
    ]);
    const xlsx = await get('/osha-300?year=2026&format=xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(2);
    expect(sheet.getRow(2).getCell(1).value).toBe(number);
    expect(sheet.getRow(2).getCell(7).value).toBe('H');
    expect((await f.call('analyst', 'GET', `${BASE}/osha-300?year=2026`)).statusCode).toBe(403);
    const stats = (
      await get(`/statistics?granularity=month&from=2026-02-01&to=2026-03-01&departmentId=${f.departmentId}`)
    ).json();
    expect(stats).toMatchObject({
      items: [
        {
          period: '2026-02',
          recordableCases: 1,
          dartCases: 1,
          lostTimeCases: 1,
          daysAway: 12,
          hoursWorked: 100_000,
          trir: 2,
          dartRate: 2,
          ltifr: 10,
          severityRate: 24,
        },
      ],
    });
  });

  it('versions emergency procedures without overwriting and records drills', async () => {
    const v1 = await post('/emergency-procedures', { title: 'Fire', content: 'Leave by exit A' });
    const { procedureId } = v1.json<{ procedureId: string }>();
    const v2 = await post(`/emergency-procedures/${procedureId}/versions`, {
      title: 'Fire',
      content: 'Leave by exit B',
    });
    expect(v2.json()).toMatchObject({ version: 2 });
    const versions = (await get(`/emergency-procedures/${procedureId}/versions`)).json();
    expect(versions).toMatchObject({
      items: [
        { version: 1, content: 'Leave by exit A' },
        { version: 2, content: 'Leave by exit B' },
      ],
    });
    expect((await get('/emergency-procedures')).json()).toMatchObject({
      items: [{ procedureId, version: 2 }],
    });
    const drill = await post('/drills', {
      procedureId,
      startedAt: '2026-03-05T10:00:00Z',
      allClearAt: '2026-03-05T10:04:00Z',
      participants: 30,
      expectedOnSite: 32,
      accountedFor: 31,
    });
    expect(drill.statusCode).toBe(201);
    expect(drill.json()).toMatchObject({ elapsedSeconds: 240 });
    expect((await get('/drills')).json()).toMatchObject({
      items: [{ procedureVersion: 2, accountedFor: 31, expectedOnSite: 32, rollCallSource: 'request' }],
    });
    const fromRollCall = await post('/drills', {
      procedureId,
      startedAt: '2026-03-06T10:00:00Z',
      allClearAt: '2026-03-06T10:05:00Z',
      participants: 12,
    });
    expect(fromRollCall.statusCode).toBe(201);
    const drills = (await get('/drills')).json<{
      items: { rollCallSource: string; expectedOnSite: number }[];
    }>();
    expect(drills.items).toContainEqual(
      expect.objectContaining({ rollCallSource: 'visitors_read_model', expectedOnSite: 12 }),
    );
    const backwards = await post('/drills', {
      procedureId,
      startedAt: '2026-03-05T10:00:00Z',
      allClearAt: '2026-03-05T09:00:00Z',
      participants: 1,
    });
    expect(backwards.json()).toMatchObject({ code: 'ALL_CLEAR_BEFORE_START' });
    expect((await f.call('employee', 'POST', `${BASE}/drills`, {})).statusCode).toBe(403);
  });
});
