/**
 * Configuration from environment variables (DESIGN.md §11). Only the composition root calls
 * `loadConfig(process.env)`; everything else receives the parsed config.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

/** True for an IANA zone name the runtime knows. */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

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
  PROJECTION_THREAD: z.enum(['true', 'false', '1', '0', 'auto']).default('false'),
  MIN_POSITION_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(2000),
  HS_INSPECTION_ACTION_DUE_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  HS_JOBS_ENABLED: z.enum(['true', 'false', '1', '0']).optional(),
  HS_JOBS_CRON: z.string().default('*/15 * * * *'),
  ANALYTICS_TIME_ZONE: z
    .string()
    .default('UTC')
    .refine(isTimeZone, 'must be an IANA time zone name, e.g. Europe/Berlin'),
  REPORTS_ENABLED: z.string().optional(),
  PUBLIC_URL: z.url().optional(),
  FACE_MODELS_DIR: z.string().optional(),
  // Cosine similarity; 0.401 gave FAR 1e-4 on LFW folds 1–5 (npm run eval:face).
  FACE_MATCH_THRESHOLD: z.coerce.number().min(-1).max(1).default(0.401),
  SNS_ENABLED: z.enum(['true', 'false', '1', '0']).default('false'),
  AWS_REGION: z.string().default('us-east-1'),
  SNS_SECURITY_TOPIC_ARN: z.string().optional(),
  SNS_ENDPOINT: z.url().optional(),
  SNS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  SNS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  VISITOR_WALKIN_TOKEN_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  VISITOR_OVERSTAY_GRACE_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
  VISITOR_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  VISITOR_JOBS_ENABLED: z.enum(['true', 'false', '1', '0']).optional(),
  VISITOR_PASS_SECRET: z.string().min(32, 'VISITOR_PASS_SECRET must be at least 32 characters').optional(),
  VISITOR_CHECKIN_URL: z.string().default('http://localhost:5173/visitors/checkin'),
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
  /**
   * Projectors run in a worker thread of their own (composition/projection-thread.ts), not
   * beside the HTTP server. Off by default: it takes more check-ins a second, but the time
   * until a write can be read grows (lag p99 over the 100 ms target in most runs). `auto`:
   * when log and read models are the embedded SQLite and the machine has two cores or more
   * (there the thread measured 1.6 times the check-ins); not on MySQL, where the database
   * server wants the second core, nor on EventStoreDB, whose events reach the thread by its own
   * subscription, later.
   */
  readonly projectionThread: boolean;
  /** Reports and analytics: the zone days, weeks and months are cut in; the background worker and schedules. */
  readonly reports: {
    readonly timeZone: string;
    readonly workerEnabled: boolean;
    readonly publicUrl: string;
  };
  /** Health & safety: failed-item action due days, and the overdue/expiry scheduler. */
  readonly healthSafety: {
    readonly inspectionActionDueDays: number;
    readonly jobsEnabled: boolean;
    readonly jobsCron: string;
  };
  /** Folder holding the YuNet and MobileFaceNet ONNX files; undefined when none is configured or found. */
  readonly faceModelsDir: string | undefined;
  readonly faceMatchThreshold: number;
  /** SMS through SNS; disabled means the recorded outbox. */
  readonly sns: {
    readonly enabled: boolean;
    readonly region: string;
    readonly securityTopicArn: string | undefined;
    readonly endpoint: string | undefined;
    readonly maxAttempts: number;
    readonly timeoutMs: number;
  };
  readonly visitors: {
    readonly walkInTokenMinutes: number;
    readonly overstayGraceMinutes: number;
    readonly retentionDays: number;
    /** Scheduled jobs (overstay, expiry, retention); off by default when NODE_ENV=test. */
    readonly jobsEnabled: boolean;
    /** Signs entry-pass tokens (HS256); when absent, derived from the master key. */
    readonly passSecret: string | undefined;
    readonly checkInUrl: string;
  };
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
    projectionThread:
      e.PROJECTION_THREAD === 'auto'
        ? (e.DATABASE_URL ?? '') === '' && (e.EVENTSTORE_URL ?? '') === '' && availableParallelism() >= 2
        : ['true', '1'].includes(e.PROJECTION_THREAD),
    reports: {
      timeZone: e.ANALYTICS_TIME_ZONE,
      workerEnabled: e.REPORTS_ENABLED === undefined ? true : ['true', '1'].includes(e.REPORTS_ENABLED),
      publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    },
    healthSafety: {
      inspectionActionDueDays: e.HS_INSPECTION_ACTION_DUE_DAYS,
      jobsEnabled:
        e.HS_JOBS_ENABLED === undefined ? e.NODE_ENV !== 'test' : ['true', '1'].includes(e.HS_JOBS_ENABLED),
      jobsCron: e.HS_JOBS_CRON,
    },
    faceModelsDir: e.FACE_MODELS_DIR ?? (existsSync('../shared/models') ? '../shared/models' : undefined),
    faceMatchThreshold: e.FACE_MATCH_THRESHOLD,
    sns: {
      enabled: e.SNS_ENABLED === 'true' || e.SNS_ENABLED === '1',
      region: e.AWS_REGION,
      securityTopicArn: e.SNS_SECURITY_TOPIC_ARN,
      endpoint: e.SNS_ENDPOINT,
      maxAttempts: e.SNS_MAX_ATTEMPTS,
      timeoutMs: e.SNS_TIMEOUT_MS,
    },
    visitors: {
      walkInTokenMinutes: e.VISITOR_WALKIN_TOKEN_MINUTES,
      overstayGraceMinutes: e.VISITOR_OVERSTAY_GRACE_MINUTES,
      retentionDays: e.VISITOR_RETENTION_DAYS,
      jobsEnabled:
        e.VISITOR_JOBS_ENABLED === undefined
          ? e.NODE_ENV !== 'test'
          : ['true', '1'].includes(e.VISITOR_JOBS_ENABLED),
      passSecret: e.VISITOR_PASS_SECRET,
      checkInUrl: e.VISITOR_CHECKIN_URL,
    },
  };
}
