/** The API modules the server mounts, each given the ports it needs. */
import type { ApiModule } from '../api/app-deps.js';
import { adminModule } from '../api/admin/admin.module.js';
import { identityModule } from '../api/auth/identity.module.js';
import type { IdempotencyStore } from '../commands/idempotency.js';
import type { TokenService } from '../api/token-service.js';
import type { System } from './system.js';

export type SharedHttpDeps = {
  readonly tokens: TokenService;
  readonly idempotency: IdempotencyStore;
  readonly decoyPasswordHash: string;
};

export function apiModules(system: System, shared: SharedHttpDeps): ApiModule[] {
  return [
    identityModule({
      identity: system.identity,
      readDb: system.readDb,
      tokens: shared.tokens,
      idempotency: shared.idempotency,
      decoyPasswordHash: shared.decoyPasswordHash,
      loginRateLimit: { max: system.config.rateLimits.loginPerMinute, timeWindowMs: 60_000 },
    }),
    adminModule({ projections: system.runtime }),
  ];
}
