/** Users, logins and small request helpers shared by the visitors API and job tests. */
import { afterAll, beforeAll } from 'vitest';
import { ADMIN, login, startTestSystem, type TestSystem } from '../../support/test-system.js';

export type Staff = { readonly id: string; readonly token: string };
export type VisitorStaff = { admin: string; host: Staff; other: Staff; security: Staff; kiosk: Staff };

export const as = (token: string) => ({ authorization: `Bearer ${token}` });

async function createStaff(
  t: TestSystem,
  admin: string,
  name: string,
  roles: string[],
  phone?: string,
): Promise<Staff> {
  const email = `${name.replace(/\s/g, '')}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: as(admin),
    payload: { email, password: 'password-123', name, roles, ...(phone ? { phone } : {}) },
  });
  if (response.statusCode !== 201) throw new Error(`user: ${response.statusCode} ${response.body}`);
  const id = response.json<{ id: string }>().id;
  await t.system.runtime.waitFor(await t.system.log.headPosition(), 5000);
  return { id, token: await login(t.app, email, 'password-123') };
}

export async function visitorStaff(t: TestSystem): Promise<VisitorStaff> {
  const admin = await login(t.app, ADMIN.email, ADMIN.password);
  return {
    admin,
    host: await createStaff(t, admin, 'Hannah Host', ['employee'], '+15550100'),
    other: await createStaff(t, admin, 'Otto Other', ['employee']),
    security: await createStaff(t, admin, 'Sam Security', ['security']),
    kiosk: await createStaff(t, admin, 'Lobby Kiosk', ['kiosk']),
  };
}

/**
 * Starts a system with the visitors staff before a describe block's tests (handing both to
 * `use`) and closes it after. Every check-in with a token is a public call, and these files
 * make more than the default 30 a minute.
 */
export function withVisitorSystem(use: (t: TestSystem, staff: VisitorStaff) => void): void {
  let t: TestSystem | undefined;
  beforeAll(async () => {
    t = await startTestSystem({ RATE_LIMIT_PUBLIC_PER_MINUTE: '100' });
    use(t, await visitorStaff(t));
  });
  afterAll(async () => {
    await t?.close();
  });
}

/** Waits until every read model has processed everything written so far. */
export async function settled(t: TestSystem): Promise<string> {
  const head = await t.system.log.headPosition();
  await t.system.runtime.waitFor(head, 5000);
  return head.toString();
}

export const visitor = (firstName = 'Vera', lastName = 'Visitor') => ({
  firstName,
  lastName,
  email: `${firstName
    .normalize('NFKD')
    .replace(/[^a-zA-Z]/g, '')
    .toLowerCase()}@guest.example`,
  company: 'Guest Co',
});

export function invite(
  t: TestSystem,
  token: string,
  hostId: string,
  overrides: Record<string, unknown> = {},
) {
  const arrival = new Date();
  return t.app.inject({
    method: 'POST',
    url: '/api/visitors/invitations',
    headers: as(token),
    payload: {
      visitor: visitor(),
      hostId,
      purpose: 'Design review',
      expectedArrival: arrival.toISOString(),
      expectedDeparture: new Date(arrival.getTime() + 3_600_000).toISOString(),
      ...overrides,
    },
  });
}

export function checkIn(t: TestSystem, payload: Record<string, unknown>, token?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/visitors/checkin',
    headers: token ? as(token) : {},
    payload,
  });
}

/** One field of every item of a list answer (`{ items, nextCursor }`). */
export function field(page: unknown, key = 'visitId'): string[] {
  return (page as { items: Record<string, string>[] }).items.map((item) => item[key]!);
}
