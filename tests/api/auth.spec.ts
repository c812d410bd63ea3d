import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInstance } from '../../src/api/app-deps.js';
import { createTokenService } from '../../src/api/token-service.js';
import { authHeader, buildTestApp, TEST_AUTH, TEST_SECRET, tokenFor } from '../support/api-test-app.js';

let app: ApiInstance;

beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const secret = new TextEncoder().encode(TEST_SECRET);
const now = () => Math.floor(Date.now() / 1000);

/** A token with our secret, issuer and audience but claims of the test's choosing. */
function handMadeToken(roles: string[], issuedAt: number, expiresAt: number): Promise<string> {
  return new SignJWT({ roles, departmentId: null })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u')
    .setIssuer(TEST_AUTH.issuer)
    .setAudience(TEST_AUTH.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(secret);
}

function whoami(headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url: '/api/test/whoami', headers });
}

async function expectUnauthorized(headers: Record<string, string>) {
  const response = await whoami(headers);
  expect(response.statusCode).toBe(401);
  expect(response.json()).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  expect(response.headers['www-authenticate']).toBe('Bearer');
  return response;
}

describe('authentication', () => {
  it('accepts a valid bearer token and exposes the user to the route', async () => {
    const response = await whoami(await authHeader(['employee'], 'user-1'));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 'user-1', roles: ['employee'], departmentId: null });
  });

  it('answers 401 without a token', async () => {
    await expectUnauthorized({});
  });

  it('answers 401 for a malformed header or token', async () => {
    await expectUnauthorized({ authorization: 'Basic dXNlcjpwYXNz' });
    await expectUnauthorized({ authorization: 'Bearer not-a-jwt' });
  });

  it('answers 401 for a token signed with another secret', async () => {
    const forged = createTokenService({ ...TEST_AUTH, key: { kind: 'hs256', secret: 'x'.repeat(40) } });
    const { accessToken } = await forged.signAccessToken({ id: 'u', roles: ['admin'], departmentId: null });
    await expectUnauthorized({ authorization: `Bearer ${accessToken}` });
  });

  it('answers 401 for an expired token, saying so', async () => {
    const expired = await handMadeToken(['employee'], now() - 7200, now() - 3600);
    const response = await expectUnauthorized({ authorization: `Bearer ${expired}` });
    expect(response.json()).toMatchObject({ detail: 'The access token has expired.' });
  });

  it('answers 401 for the wrong audience, an unsigned token or unknown roles', async () => {
    const otherAudience = createTokenService({ ...TEST_AUTH, audience: 'another-api' });
    const { accessToken } = await otherAudience.signAccessToken({
      id: 'u',
      roles: ['admin'],
      departmentId: null,
    });
    await expectUnauthorized({ authorization: `Bearer ${accessToken}` });

    const unsigned = new UnsecuredJWT({ roles: ['admin'], departmentId: null })
      .setSubject('u')
      .setIssuer(TEST_AUTH.issuer)
      .setAudience(TEST_AUTH.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    // The trailing 'x' gets it past the header format check, so the verifier itself refuses alg "none".
    await expectUnauthorized({ authorization: `Bearer ${unsigned}x` });

    const superuser = await handMadeToken(['superuser'], now(), now() + 3600);
    await expectUnauthorized({ authorization: `Bearer ${superuser}` });
  });

  it('ignores identity headers: x-user-id and x-role-id alone get 401', async () => {
    await expectUnauthorized({ 'x-user-id': 'admin-user', 'x-role-id': 'admin', 'x-roles': 'admin' });
  });

  it('does not let identity headers override the token', async () => {
    const response = await whoami({
      ...(await authHeader(['employee'], 'real-user')),
      'x-user-id': 'someone-else',
    });
    expect(response.json()).toMatchObject({ id: 'real-user' });
  });
});

describe('authorization', () => {
  it('answers 403 FORBIDDEN when no role of the caller is allowed', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/test/visits',
      headers: await authHeader(['employee', 'kiosk']),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('checks access before validating the body', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/test/visits', payload: {} });
    expect(response.statusCode).toBe(401);
  });

  it('lets admin call every protected route', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/test/visits',
      headers: await authHeader(['admin']),
    });
    expect(response.statusCode).toBe(200);
  });

  it('lets auditor read (GET) everywhere but not write', async () => {
    const auditor = await authHeader(['auditor']);
    const read = await app.inject({ method: 'GET', url: '/api/test/visits', headers: auditor });
    expect(read.statusCode).toBe(200);
    const write = await app.inject({ method: 'POST', url: '/api/test/fail/domain', headers: auditor });
    expect(write.statusCode).toBe(403);
  });

  it('identifies the caller of a public route when a token is sent, and rejects a bad one', async () => {
    const token = await tokenFor(['kiosk'], 'kiosk-7');
    const withToken = await app.inject({
      method: 'POST',
      url: '/api/test/public-echo',
      headers: { authorization: `Bearer ${token}` },
      payload: { message: 'hi' },
    });
    expect(withToken.json()).toEqual({ message: 'hi', caller: 'kiosk-7' });

    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/test/public-echo',
      payload: { message: 'hi' },
    });
    expect(anonymous.json()).toEqual({ message: 'hi', caller: null });

    const badToken = await app.inject({
      method: 'POST',
      url: '/api/test/public-echo',
      headers: { authorization: 'Bearer a.b.c' },
      payload: { message: 'hi' },
    });
    expect(badToken.statusCode).toBe(401);
  });
});

describe('token service', () => {
  it('signs and verifies with an asymmetric key pair; a verify-only service cannot sign', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const settings = { issuer: 'crm', audience: 'crm-api' };
    const signer = createTokenService({
      ...settings,
      key: { kind: 'asymmetric', alg: 'ES256', publicKey, privateKey },
    });
    const verifier = createTokenService({
      ...settings,
      key: { kind: 'asymmetric', alg: 'ES256', publicKey },
    });
    const user = { id: 'u-1', roles: ['safety_officer'] as const, departmentId: 'd-1' };

    const { accessToken, expiresIn } = await signer.signAccessToken(user);
    expect(expiresIn).toBe(3600);
    await expect(verifier.verifyAccessToken(accessToken)).resolves.toEqual(user);
    await expect(verifier.signAccessToken(user)).rejects.toThrow(/cannot sign/);
  });

  it('rejects an HS256 token at a service expecting ES256 (no algorithm confusion)', async () => {
    const { publicKey } = await generateKeyPair('ES256');
    const verifier = createTokenService({
      ...TEST_AUTH,
      key: { kind: 'asymmetric', alg: 'ES256', publicKey },
    });
    await expect(verifier.verifyAccessToken(await tokenFor(['admin']))).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('refuses an HS256 secret shorter than 32 bytes', () => {
    expect(() => createTokenService({ ...TEST_AUTH, key: { kind: 'hs256', secret: 'short' } })).toThrow(
      /32 bytes/,
    );
  });

  it('puts sub, roles, departmentId, issuer, audience and a one-hour expiry in the token', async () => {
    const token = await tokenFor(['analyst'], 'u-9');
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      sub: 'u-9',
      roles: ['analyst'],
      departmentId: null,
      iss: 'crm-test',
      aud: 'crm-api',
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);
  });
});
