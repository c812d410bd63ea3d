/**
 * Configuration from environment variables (DESIGN.md §11). Only the composition root calls
 * `loadConfig(process.env)`; everything else receives the parsed config.
 */
import { z } from 'zod';

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0),
);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(5000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  EVENTSTORE_URL: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  JWT_PRIVATE_KEY_FILE: z.string().optional(),
  JWT_PUBLIC_KEY_FILE: z.string().optional(),
  JWT_ALG: z.enum(['RS256', 'ES256', 'EdDSA']).default('ES256'),
  JWT_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  CORS_ORIGINS: csv.default(['http://localhost:5173']),
  MASTER_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().positive().default(30),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  MIN_POSITION_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(2000),
});

export type Config = {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStoreUrl: string | undefined;
  readonly databaseUrl: string | undefined;
  readonly jwt:
    | { readonly kind: 'hs256'; readonly secret: string | undefined; readonly ttlSeconds: number }
    | {
        readonly kind: 'asymmetric';
        readonly alg: 'RS256' | 'ES256' | 'EdDSA';
        readonly privateKeyFile: string;
        readonly publicKeyFile: string;
        readonly ttlSeconds: number;
      };
  readonly admin: { readonly email: string; readonly password: string } | undefined;
  readonly bcryptCost: number;
  readonly corsOrigins: readonly string[];
  /** Base64 of 32 bytes; when absent, a key file in DATA_DIR is created and used. */
  readonly masterKey: string | undefined;
  readonly logLevel: string;
  readonly rateLimits: { readonly publicPerMinute: number; readonly loginPerMinute: number };
  readonly minPositionWaitMs: number;
};

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const asymmetric = e.JWT_PRIVATE_KEY_FILE !== undefined && e.JWT_PUBLIC_KEY_FILE !== undefined;
  if (e.NODE_ENV === 'production' && e.JWT_SECRET === undefined && !asymmetric)
    throw new Error('invalid configuration: JWT_SECRET (or a JWT key pair) is required in production');
  if (e.NODE_ENV === 'production' && e.MASTER_KEY === undefined)
    throw new Error('invalid configuration: MASTER_KEY (base64 of 32 bytes) is required in production');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    eventStoreUrl: e.EVENTSTORE_URL || undefined,
    databaseUrl: e.DATABASE_URL || undefined,
    jwt: asymmetric
      ? {
          kind: 'asymmetric',
          alg: e.JWT_ALG,
          privateKeyFile: e.JWT_PRIVATE_KEY_FILE!,
          publicKeyFile: e.JWT_PUBLIC_KEY_FILE!,
          ttlSeconds: e.JWT_TTL_SECONDS,
        }
      : { kind: 'hs256', secret: e.JWT_SECRET, ttlSeconds: e.JWT_TTL_SECONDS },
    admin:
      e.ADMIN_EMAIL !== undefined && e.ADMIN_PASSWORD !== undefined
        ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD }
        : undefined,
    bcryptCost: e.BCRYPT_COST,
    corsOrigins: e.CORS_ORIGINS,
    masterKey: e.MASTER_KEY,
    logLevel: e.LOG_LEVEL,
    rateLimits: {
      publicPerMinute: e.RATE_LIMIT_PUBLIC_PER_MINUTE,
      loginPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    },
    minPositionWaitMs: e.MIN_POSITION_WAIT_MS,
  };
}
