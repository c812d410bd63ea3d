/**
 * What buildApp needs from the composition root (src/server.ts). The app opens nothing of
 * its own: stores, projections and services arrive here, and whoever created them closes
 * them. Add fields as modules need them; keep each one a port, not an adapter.
 */
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerOptions } from 'pino';
import type { PermissionTable } from './permissions.js';
import type { TokenService } from './token-service.js';

/** The Fastify instance routes are written against: zod schemas type params, body and reply. */
export type ApiInstance = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export type ApiConfig = {
  /** Origins allowed by CORS, e.g. ['http://localhost:5173']. */
  readonly corsOrigins: readonly string[];
  /** Requests per client IP per window on each public route. Default 100 per 60 s. */
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number };
  /** How long a query waits for X-Min-Position before answering 503. Default 2000. */
  readonly minPositionWaitMs?: number;
  /** Largest accepted request body; routes taking images raise it per route. Default 1 MiB. */
  readonly bodyLimitBytes?: number;
  /** Behind a load balancer, so rate limits see client IPs (Fastify's trustProxy). Default off. */
  readonly trustProxy?: boolean | string;
};

export type HealthCheckState = 'ok' | 'lagging' | 'down';

export type HealthReport = {
  /** 'degraded' answers 503 so a load balancer takes the instance out. */
  readonly status: 'ok' | 'degraded';
  readonly checks: {
    readonly eventStore: HealthCheckState;
    readonly readModels: HealthCheckState;
    readonly projections: HealthCheckState;
  };
};

/**
 * One feature module's HTTP surface. Its routes register inside their own encapsulated
 * plugin; its permission entries are merged into the table (a duplicate key fails startup).
 */
export type ApiModule = {
  readonly name: string;
  readonly permissions: PermissionTable;
  readonly routes: (app: ApiInstance) => void | Promise<void>;
};

export type AppDeps = {
  readonly config: ApiConfig;
  /** A pino logger (tests pass one writing to a buffer), or options to build one with. */
  readonly logger: FastifyBaseLogger | LoggerOptions;
  /** Verifies bearer tokens; the same instance signs them at login. */
  readonly auth: TokenService;
  readonly health: () => Promise<HealthReport>;
  /**
   * Resolves true once the read models (those of the projectors named, or all) have processed
   * `position`, false after `timeoutMs`.
   */
  readonly waitForPosition: (
    position: bigint,
    timeoutMs: number,
    readModels?: readonly string[],
  ) => Promise<boolean>;
  /** The projector names routes may list in `config.readModels`; unchecked when absent. */
  readonly readModels?: readonly string[];
  readonly modules: readonly ApiModule[];
};

export const API_DEFAULTS = {
  rateLimit: { max: 100, timeWindowMs: 60_000 },
  minPositionWaitMs: 2000,
  bodyLimitBytes: 1024 * 1024,
} as const;
