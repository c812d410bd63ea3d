/** A running system with a department and one user per role health & safety cares about. */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { ADMIN, login, startTestSystem, type TestSystem } from '../../support/test-system.js';

export type HsFixture = {
  readonly t: TestSystem;
  readonly departmentId: string;
  readonly users: Record<
    'admin' | 'officer' | 'employee' | 'analyst' | 'kiosk',
    { id: string; token: string }
  >;
  /** app.inject as a user; `minPosition` waits for the read models (X-Min-Position). */
  readonly call: (
    as: keyof HsFixture['users'] | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ) => Promise<LightMyRequestResponse>;
  /** The log's head, to read one's writes. */
  readonly head: () => Promise<Record<string, string>>;
};

export async function startHsFixture(): Promise<HsFixture> {
  const t = await startTestSystem();
  const adminToken = await login(t.app, ADMIN.email, ADMIN.password);
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const dept = await t.app.inject({
    method: 'POST',
    url: '/api/departments',
    headers: auth(adminToken),
    payload: { name: 'Plant' },
  });
  const departmentId = dept.json<{ id: string }>().id;
  const make = async (role: string) => {
    const email = `${role}@example.org`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: auth(adminToken),
      payload: { email, password: 'password-123', name: `The ${role}`, roles: [role], departmentId },
    });
    const id = res.json<{ id: string }>().id;
    await t.system.runtime.waitFor(await t.system.store.headPosition(), 5000);
    return { id, token: await login(t.app, email, 'password-123') };
  };
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth(adminToken) });
  const users = {
    admin: { id: me.json<{ id: string }>().id, token: adminToken },
    officer: await make('safety_officer'),
    employee: await make('employee'),
    analyst: await make('analyst'),
    kiosk: await make('kiosk'),
  };
  const head = async () => ({ 'x-min-position': String(await t.system.store.headPosition()) });
  const call: HsFixture['call'] = (as, method, url, payload?: unknown, headers = {}) => {
    const options: InjectOptions = {
      method,
      url,
      headers: { ...(as === null ? {} : auth(users[as].token)), ...headers },
      ...(payload === undefined ? {} : { payload: payload as string }),
    };
    return t.app.inject(options);
  };
  return { t, departmentId, users, call, head };
}
