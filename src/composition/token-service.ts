/**
 * Builds the token service from config: HS256 with JWT_SECRET (a random per-start secret in
 * development, with a warning), or an asymmetric key pair read from PEM files.
 */
import { importPKCS8, importSPKI } from 'jose';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTokenService, type TokenService } from '../api/token-service.js';
import type { Config } from '../config.js';

export const TOKEN_ISSUER = 'craft-resource-management';
export const TOKEN_AUDIENCE = 'crm-api';

export async function tokenServiceFrom(
  config: Config,
  warn: (message: string) => void,
): Promise<TokenService> {
  const settings = {
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
    accessTokenTtlSeconds: config.jwt.ttlSeconds,
  };
  if (config.jwt.kind === 'asymmetric') {
    const { alg } = config.jwt;
    const publicKey = await importSPKI(readFileSync(config.jwt.publicKeyFile, 'utf8'), alg);
    const privateKey = await importPKCS8(readFileSync(config.jwt.privateKeyFile, 'utf8'), alg);
    return createTokenService({ ...settings, key: { kind: 'asymmetric', alg, publicKey, privateKey } });
  }
  let secret = config.jwt.secret;
  if (secret === undefined) {
    warn('JWT_SECRET is not set: using a random secret, so tokens stop working when the process restarts');
    secret = randomBytes(48).toString('base64');
  }
  return createTokenService({ ...settings, key: { kind: 'hs256', secret } });
}
