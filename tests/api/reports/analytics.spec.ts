/**
 * KPIs and trends against figures worked out by hand from a known history
 * (./analytics-history.ts): March 2026, department A has 10,000 hours; incidents i1 (injury,
 * days away 5, reported 03-05 12:00, closed two days later), i2 (near miss), i3 (illness,
 * restricted 3 days) and, in April, i4; department B has i5 and no hours. Host A's visitors:
 * one twice (60 and 90 minutes, both checking in at 9), another still on site.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, login, startTestSystem, type TestSystem } from '../../support/test-system.js';
import { rawEvent } from '../../support/event-fixtures.js';
import { appendHistory, type History } from './analytics-history.js';

describe('analytics KPIs and trends', () => {
  let t: TestSystem;
  let admin: Record<string, string>;
  let h: History;

  beforeAll(async () => {
    t = await startTestSystem();
    admin = { authorization: `Bearer ${await login(t.app, ADMIN.email, ADMIN.password)}` };
    h = await appendHistory(t, admin);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = async (url: string) => {
    const response = await t.app.inject({
      method: 'GET',
      url,
      headers: { ...admin, 'x-min-position': h.position.toString() },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Record<string, Record<string, unknown>>>();
  };

  it('computes every figure of a department and month as DOMAIN.md defines', async () => {
    const k = await get(`/api/analytics/kpis?from=2026-03-01&to=2026-03-31&departmentId=${h.deptA}`);
    expect(k.safety).toEqual({
      trir: 40, // 2 recordable × 200,000 / 10,000
      dartRate: 40,
      ltifr: 100, // 1 lost-time injury × 1,000,000 / 10,000
      lostTimeCaseRate: 20,
      severityRate: 160, // (5 + 3) days × 200,000 / 10,000
      recordableCases: 2,
      dartCases: 2,
      lostTimeCases: 1,
      nearMisses: 1,
      hoursWorked: 10_000,
      openActions: 0,
      overdueActions: 0,
      avgDaysToClose: 2,
    });
    expect(k.visitors).toEqual({
      totalVisits: 3,
      uniqueVisitors: 2,
      avgVisitMinutes: 75,
      onSiteNow: 1,
      peakHour: 9,
    });
    expect(k.inspections).toEqual({ completed: 0, avgScore: null });
    expect(k.biometric).toEqual({ verifications: 0, matchRate: null });
  });

  it('answers null rates, not 0 or infinity, where no hours are recorded', async () => {
    const b = await get(`/api/analytics/kpis?from=2026-03-01&to=2026-03-31&departmentId=${h.deptB}`);
    expect(b.safety).toMatchObject({
      recordableCases: 1,
      trir: null,
      dartRate: null,
      ltifr: null,
      hoursWorked: null,
    });
    const april = await get(`/api/analytics/kpis?from=2026-04-01&to=2026-04-30&departmentId=${h.deptA}`);
    expect(april.safety).toMatchObject({ recordableCases: 1, trir: null });
  });

  it('counts every department without a filter', async () => {
    const all = await get('/api/analytics/kpis?from=2026-03-01&to=2026-03-31');
    expect(all.safety).toMatchObject({ recordableCases: 3, hoursWorked: 10_000, trir: 60 });
  });

  it('cuts the period at its edges and prorates the month’s hours', async () => {
    const k = await get(`/api/analytics/kpis?from=2026-03-06&to=2026-03-31&departmentId=${h.deptA}`);
    // i1 (03-05) falls outside; 26 of March's 31 days keep 8,387.10 hours.
    expect(k.safety).toMatchObject({ recordableCases: 1, hoursWorked: 8387.1, trir: 23.85 });
    expect(k.visitors).toMatchObject({ totalVisits: 0, avgVisitMinutes: null, peakHour: null });
    const lastDay = await get(`/api/analytics/kpis?from=2026-03-05&to=2026-03-05&departmentId=${h.deptA}`);
    expect(lastDay.safety).toMatchObject({ recordableCases: 1 });
  });

  it('fills empty periods of a trend with 0, by ISO week', async () => {
    const trend = await get(
      `/api/analytics/trends?metric=recordable_cases&interval=week&from=2026-03-01&to=2026-03-31&departmentId=${h.deptA}`,
    );
    expect(trend).toMatchObject({ metric: 'recordable_cases', interval: 'week', unit: 'cases' });
    expect(trend.points).toEqual([
      { periodStart: '2026-02-23', value: 0 },
      { periodStart: '2026-03-02', value: 1 },
      { periodStart: '2026-03-09', value: 0 },
      { periodStart: '2026-03-16', value: 1 },
      { periodStart: '2026-03-23', value: 0 },
      { periodStart: '2026-03-30', value: 0 },
    ]);
  });

  it('gives rates per month and null for a month without hours', async () => {
    const trend = await get(
      `/api/analytics/trends?metric=trir&interval=month&from=2026-03-01&to=2026-04-30&departmentId=${h.deptA}`,
    );
    expect(trend.points).toEqual([
      { periodStart: '2026-03-01', value: 40 },
      { periodStart: '2026-04-01', value: null },
    ]);
  });

  it('follows a reclassification: the case leaves the recordable counts', async () => {
    const { position } = await t.system.log.append(`incident-${h.incidents.i3}`, [
      rawEvent('IncidentClassified', {
        incidentId: h.incidents.i3,
        recordable: false,
        outcome: 'not_recordable',
        daysAway: 0,
        daysRestricted: 0,
        caseType: 'other_illness',
        jobTitle: null,
      }),
    ]);
    h.position = position;
    const k = await get(`/api/analytics/kpis?from=2026-03-01&to=2026-03-31&departmentId=${h.deptA}`);
    expect(k.safety).toMatchObject({ recordableCases: 1, dartCases: 1, trir: 20, severityRate: 100 });
  });

  it('rebuilds the trend projection for analysts from the whole log, serving the old tables meanwhile', async () => {
    const url = `/api/analytics/kpis?from=2026-03-01&to=2026-03-31&departmentId=${h.deptA}`;
    const before = await get(url);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/admin/projections/analytics/rebuild',
      headers: admin,
    });
    expect(response.statusCode).toBe(202);
    expect((await get(url)).safety).toEqual(before.safety);
    let generation = 1;
    for (let i = 0; i < 100 && generation === 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      generation = (await t.system.runtime.status()).find((s) => s.name === 'analytics')!.generation;
    }
    expect(generation).toBe(2);
    expect(await get(url)).toEqual(before);
  });

  it('refuses bad periods and unknown metrics with 400', async () => {
    for (const url of [
      '/api/analytics/kpis?from=2026-03-10&to=2026-03-01',
      '/api/analytics/kpis?from=2020-01-01&to=2026-01-01',
      '/api/analytics/kpis?from=yesterday',
      '/api/analytics/trends?metric=nope',
      '/api/analytics/trends?metric=visits&interval=hour',
    ]) {
      const response = await t.app.inject({ method: 'GET', url, headers: admin });
      expect(response.statusCode, url).toBe(400);
    }
  });
});

describe('analytics in another time zone', () => {
  it('cuts days and hours of day in ANALYTICS_TIME_ZONE', async () => {
    const t = await startTestSystem({ ANALYTICS_TIME_ZONE: 'America/New_York' });
    try {
      const admin = { authorization: `Bearer ${await login(t.app, ADMIN.email, ADMIN.password)}` };
      const h = await appendHistory(t, admin);
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/analytics/kpis?from=2026-03-03&to=2026-03-03&departmentId=${h.deptA}`,
        headers: { ...admin, 'x-min-position': h.position.toString() },
      });
      // 09:15Z is 04:15 in New York (UTC−5 before 8 March); the 09:30Z visit is on 4 March there too.
      expect(response.json()).toMatchObject({
        period: { timeZone: 'America/New_York' },
        visitors: { totalVisits: 1, peakHour: 4 },
      });
    } finally {
      await t.close();
    }
  });
});
