/**
 * Access tokens: short-lived JWTs signed with jose. The identity module signs one at login;
 * every protected request is verified here. Verification pins the algorithm, issuer and
 * audience so a token from elsewhere (or an `alg: none` one) is never accepted.
 */
import { errors, jwtVerify, SignJWT, type CryptoKey, type KeyObject } from 'jose';
import { z } from 'zod';
import { UnauthorizedError } from './http-errors.js';
import { ROLES } from '../events/auth/roles.js';
import type { AuthUser } from './auth-user.js';

export type AsymmetricAlgorithm = 'RS256' | 'PS256' | 'ES256' | 'ES384' | 'EdDSA';

export type SigningKey =
  | { readonly kind: 'hs256'; readonly secret: string | Uint8Array }
  | {
      readonly kind: 'asymmetric';
      readonly alg: AsymmetricAlgorithm;
      readonly publicKey: CryptoKey | KeyObject;
      /** Absent on processes that only verify tokens. */
      readonly privateKey?: CryptoKey | KeyObject;
    };

export type AuthSettings = {
  readonly key: SigningKey;
  readonly issuer: string;
  readonly audience: string;
  /** Default 3600 (one hour). */
  readonly accessTokenTtlSeconds?: number;
};

export type AccessToken = { readonly accessToken: string; readonly expiresIn: number };

export type TokenService = {
  signAccessToken(user: AuthUser): Promise<AccessToken>;
  /** The user the token names; throws UnauthorizedError for anything not valid right now. */
  verifyAccessToken(token: string): Promise<AuthUser>;
};

const MIN_SECRET_BYTES = 32;
const CLOCK_TOLERANCE_SECONDS = 5;
/** Verified tokens remembered at most; the cache is emptied when it is full. */
const VERIFIED_CACHE_SIZE = 10_000;

const claimsSchema = z.object({
  sub: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1),
  departmentId: z.string().nullable(),
});

type Keys = {
  alg: string;
  verifyKey: KeyObject | CryptoKey | Uint8Array;
  signKey?: KeyObject | CryptoKey | Uint8Array;
};

function resolveKeys(key: SigningKey): Keys {
  if (key.kind === 'asymmetric') {
    const base = { alg: key.alg, verifyKey: key.publicKey };
    return key.privateKey === undefined ? base : { ...base, signKey: key.privateKey };
  }
  const secret = typeof key.secret === 'string' ? new TextEncoder().encode(key.secret) : key.secret;
  // A short HMAC secret can be brute-forced offline from any token a user holds.
  if (secret.byteLength < MIN_SECRET_BYTES) {
    throw new Error(`The HS256 secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
  return { alg: 'HS256', verifyKey: secret, signKey: secret };
}

export function createTokenService(settings: AuthSettings): TokenService {
  const keys = resolveKeys(settings.key);
  const ttl = settings.accessTokenTtlSeconds ?? 3600;
  // A token's verdict depends only on its bytes and the clock, so a token that verified is
  // remembered until the instant jose would call it expired: the same answers, without a
  // signature check (about half of a cheap request's CPU) on every call.
  const verified = new Map<string, { readonly user: AuthUser; readonly untilMs: number }>();

  return {
    async signAccessToken(user) {
      if (keys.signKey === undefined) throw new Error('No private key configured: this process cannot sign');
      const accessToken = await new SignJWT({ roles: [...user.roles], departmentId: user.departmentId })
        .setProtectedHeader({ alg: keys.alg, typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer(settings.issuer)
        .setAudience(settings.audience)
        .setIssuedAt()
        .setExpirationTime(`${ttl}s`)
        .sign(keys.signKey);
      return { accessToken, expiresIn: ttl };
    },

    async verifyAccessToken(token) {
      const hit = verified.get(token);
      if (hit !== undefined && Date.now() < hit.untilMs) return hit.user;
      const payload = await verifiedPayload(token, keys, settings);
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw new UnauthorizedError();
      const user = { id: claims.data.sub, roles: claims.data.roles, departmentId: claims.data.departmentId };
      const exp = (payload as { exp: number }).exp;
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
      verified.set(token, { user, untilMs: (exp + CLOCK_TOLERANCE_SECONDS) * 1000 });
      return user;
    },
  };
}

async function verifiedPayload(token: string, keys: Keys, settings: AuthSettings): Promise<unknown> {
  try {
    const { payload } = await jwtVerify(token, keys.verifyKey, {
      algorithms: [keys.alg],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    return payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new UnauthorizedError('The access token has expired.');
    if (error instanceof errors.JOSEError) throw new UnauthorizedError();
    throw error;
  }
}
