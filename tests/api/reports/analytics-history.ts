/**
 * A known event history for the analytics tests, appended straight to the system's log (the
 * times are in the past, which commands would not allow), with the figures it must give worked
 * out by hand in the tests.
 */
import { randomUUID } from 'node:crypto';
import { login, type TestSystem } from '../../support/test-system.js';
import { rawEvent } from '../../support/event-fixtures.js';

export type History = {
  readonly deptA: string;
  readonly deptB: string;
  readonly hostA: string;
  readonly incidents: Record<'i1' | 'i2' | 'i3' | 'i4' | 'i5', string>;
  /** The last position written, for X-Min-Position. */
  position: bigint;
};

export async function appendHistory(t: TestSystem, headers: Record<string, string>): Promise<History> {
  const post = async (url: string, payload: Record<string, unknown>) => {
    const response = await t.app.inject({ method: 'POST', url, headers, payload });
    if (response.statusCode !== 201) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json<{ id: string; position: string }>();
  };
  const deptA = (await post('/api/departments', { name: 'Assembly' })).id;
  const deptB = (await post('/api/departments', { name: 'Boilers' })).id;
  const hostA = (
    await post('/api/users', {
      email: 'host.a@example.org',
      password: 'host-password-1',
      name: 'Host A',
      roles: ['employee'],
      departmentId: deptA,
    })
  ).id;
  const history: History = {
    deptA,
    deptB,
    hostA,
    incidents: { i1: randomUUID(), i2: randomUUID(), i3: randomUUID(), i4: randomUUID(), i5: randomUUID() },
    position: 0n,
  };
  const append = async (streamId: string, type: string, data: unknown) => {
    history.position = (await t.system.log.append(streamId, [rawEvent(type, data)])).position;
  };

  await append(`hoursWorked-${deptA}_2026-03`, 'HoursWorkedRecorded', {
    departmentId: deptA,
    month: '2026-03',
    hours: 10_000,
  });

  // Visits hosted by A: one visitor twice (60 and 90 minutes, both at 9), another still on site.
  const repeat = randomUUID();
  await visit(append, hostA, repeat, '2026-03-03T09:15:00.000Z', '2026-03-03T10:15:00.000Z', 60);
  await visit(append, hostA, repeat, '2026-03-04T09:30:00.000Z', '2026-03-04T11:00:00.000Z', 90);
  await visit(append, hostA, randomUUID(), '2026-03-04T14:00:00.000Z', null, 0);

  const { i1, i2, i3, i4, i5 } = history.incidents;
  await incident(append, i1, deptA, 'injury', '2026-03-05T10:00:00.000Z', '2026-03-05T12:00:00.000Z');
  await classify(append, i1, 'days_away', 5, 0);
  await append(`incident-${i1}`, 'IncidentClosed', { incidentId: i1, closedAt: '2026-03-07T12:00:00.000Z' });
  await incident(append, i2, deptA, 'near_miss', '2026-03-10T08:00:00.000Z', '2026-03-10T09:00:00.000Z');
  await incident(append, i3, deptA, 'illness', '2026-03-20T08:00:00.000Z', '2026-03-20T09:00:00.000Z');
  await classify(append, i3, 'restricted', 0, 3);
  await incident(append, i4, deptA, 'injury', '2026-04-02T08:00:00.000Z', '2026-04-02T09:00:00.000Z');
  await classify(append, i4, 'other_recordable', 0, 0);
  await incident(append, i5, deptB, 'injury', '2026-03-12T08:00:00.000Z', '2026-03-12T09:00:00.000Z');
  await classify(append, i5, 'other_recordable', 0, 0);
  return history;
}

type Append = (streamId: string, type: string, data: unknown) => Promise<void>;

async function visit(
  append: Append,
  hostId: string,
  visitorId: string,
  checkedInAt: string,
  checkedOutAt: string | null,
  durationMinutes: number,
): Promise<void> {
  const visitId = randomUUID();
  await append(`visit-${visitId}`, 'VisitorCheckedIn', {
    visitId,
    visitorId,
    visitor: { firstName: 'Vera', lastName: 'Visitor', email: null, phone: null, company: 'Guest Co' },
    hostId,
    purpose: 'Meeting',
    expectedDeparture: null,
    badgeNumber: `B-${visitId.slice(0, 4)}`,
    approvalRequired: false,
    checkedInAt,
  });
  if (checkedOutAt !== null)
    await append(`visit-${visitId}`, 'VisitorCheckedOut', {
      visitId,
      visitorId,
      checkedInAt,
      checkedOutAt,
      durationMinutes,
    });
}

async function incident(
  append: Append,
  incidentId: string,
  departmentId: string,
  type: string,
  occurredAt: string,
  reportedAt: string,
): Promise<void> {
  await append(`incident-${incidentId}`, 'IncidentReported', {
    incidentId,
    number: `INC-${occurredAt.slice(0, 4)}-${incidentId.slice(0, 4)}`,
    title: 'Something happened',
    description: 'Details',
    occurredAt,
    location: 'Line 1',
    departmentId,
    type,
    severity: 'medium',
    immediateActions: null,
    reportedBy: 'someone',
    reportedAt,
  });
}

export function classify(
  append: Append,
  incidentId: string,
  outcome: string,
  daysAway: number,
  daysRestricted: number,
): Promise<void> {
  return append(`incident-${incidentId}`, 'IncidentClassified', {
    incidentId,
    recordable: outcome !== 'not_recordable',
    outcome,
    daysAway,
    daysRestricted,
    caseType: 'injury',
    jobTitle: null,
  });
}

/** Registers a user with one role and signs them in, once the read models know them. */
export async function userWithRole(
  t: TestSystem,
  admin: Record<string, string>,
  role: string,
  departmentId?: string,
): Promise<Record<string, string>> {
  const email = `${role.replace('_', '.')}@example.org`;
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: admin,
    payload: {
      email,
      password: 'password-123',
      name: role,
      roles: [role],
      ...(departmentId && { departmentId }),
    },
  });
  if (created.statusCode !== 201) throw new Error(`user ${role}: ${created.statusCode} ${created.body}`);
  const { position } = created.json<{ position: string }>();
  await t.app.inject({
    method: 'GET',
    url: '/api/auth/me',
    headers: { ...admin, 'x-min-position': position },
  });
  return { authorization: `Bearer ${await login(t.app, email, 'password-123')}` };
}
