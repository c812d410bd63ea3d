/** Users, requests and photos the biometric API specs share. */
import { ADMIN, login, type TestSystem } from '../../support/test-system.js';

export type Tokens = { admin: string; security: string; kiosk: string; employee: string; analyst: string };

export async function roleTokens({ app, system }: TestSystem): Promise<Tokens> {
  const admin = await login(app, ADMIN.email, ADMIN.password);
  const tokens: Record<string, string> = { admin };
  for (const role of ['security', 'kiosk', 'employee', 'analyst']) {
    const email = `${role}@example.org`;
    const created = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { authorization: `Bearer ${admin}` },
      payload: { email, password: 'password-123', name: role, roles: [role] },
    });
    if (created.statusCode !== 201) throw new Error(`could not create ${role}: ${created.body}`);
    // Login reads the users read model: wait until it holds the new user.
    await system.runtime.waitFor(BigInt(created.json<{ position: string }>().position), 5000);
    tokens[role] = await login(app, email, 'password-123');
  }
  return tokens as Tokens;
}

export function b64(bytes: Buffer): string {
  return bytes.toString('base64');
}
