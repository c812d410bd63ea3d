/** Users every audit suite needs: an auditor and an employee, created through the API by the admin. */
import { ADMIN, login, type TestSystem } from '../../support/test-system.js';

export type AuditActors = {
  readonly admin: string;
  readonly auditor: string;
  readonly employee: string;
  readonly adminId: string;
  /** The log position of the last user created, for X-Min-Position. */
  readonly position: string;
};

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function createUser(
  t: TestSystem,
  adminToken: string,
  payload: Record<string, unknown>,
): Promise<{ id: string; position: string }> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/users',
    headers: bearer(adminToken),
    payload,
  });
  if (response.statusCode !== 201)
    throw new Error(`user not created: ${response.statusCode} ${response.body}`);
  return response.json();
}

export async function auditActors(t: TestSystem): Promise<AuditActors> {
  const admin = await login(t.app, ADMIN.email, ADMIN.password);
  await createUser(t, admin, {
    email: 'audrey@example.org',
    password: 'auditor-pass',
    name: 'Audrey Auditor',
    roles: ['auditor'],
  });
  const { position } = await createUser(t, admin, {
    email: 'emil@example.org',
    password: 'employee-pass',
    name: 'Emil Employee',
    roles: ['employee'],
  });
  await t.app.inject({
    method: 'GET',
    url: '/api/users',
    headers: { ...bearer(admin), 'x-min-position': position },
  });
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(admin) });
  return {
    admin,
    auditor: await login(t.app, 'audrey@example.org', 'auditor-pass'),
    employee: await login(t.app, 'emil@example.org', 'employee-pass'),
    adminId: me.json<{ id: string }>().id,
    position,
  };
}
