/**
 * Visitor management over HTTP (API.md §Visitors): invitations and walk-in tokens and their
 * revocation, public check-in with a token (kiosk/security without), host approval,
 * checkout, entry passes, history, roll call, visit detail, watch list and notifications.
 * This module owns the visitors streams (visit, visitToken, visitorBadge, watchlistEntry,
 * visitNotification) and the visits, visitor-watchlist, visitor-notifications and
 * visit-stats read models.
 */
import type { IdempotencyStore } from '../../commands/idempotency.js';
import type { VisitorDeps } from '../../commands/visitors/visitor-deps.js';
import type { ReadDb } from '../../queries/read-db.js';
import type { ApiModule } from '../app-deps.js';
import { visitCommandRoutes } from './visit-command.routes.js';
import { visitReadRoutes } from './visit-read.routes.js';
import { visitTokenRoutes } from './visit-token.routes.js';
import { watchlistRoutes } from './watchlist.routes.js';

export type VisitorsModuleDeps = {
  readonly visitors: VisitorDeps;
  readonly readDb: ReadDb;
  readonly idempotency: IdempotencyStore;
  readonly passKey: Uint8Array;
  readonly checkInUrl: string;
};

export function visitorsModule(deps: VisitorsModuleDeps): ApiModule {
  return {
    name: 'visitors',
    permissions: {
      'POST /api/visitors/invitations': ['employee', 'security'],
      'POST /api/visitors/generate-token': ['kiosk', 'security'],
      'POST /api/visitors/validate-token': 'public',
      // Which tokens each role may revoke is checked by the route (visitor-access.ts).
      'POST /api/visitors/revoke-token': ['employee', 'kiosk', 'security'],
      // Public with a valid token; without one the route itself requires kiosk or security.
      'POST /api/visitors/checkin': 'public',
      'POST /api/visitors/:visitId/approve': ['employee', 'security'],
      'POST /api/visitors/:visitId/reject': ['employee', 'security'],
      'POST /api/visitors/checkout': ['kiosk', 'security', 'employee'],
      'GET /api/visitors/entry-pass': ['kiosk', 'security', 'employee'],
      'GET /api/visitors/history': ['employee', 'security'],
      'GET /api/visitors/active': ['employee', 'security', 'safety_officer'],
      'GET /api/visitors/stats': ['security', 'analyst', 'executive', 'safety_officer'],
      'GET /api/visitors/:visitId': ['employee', 'security', 'kiosk'],
      'POST /api/visitors/watchlist': ['security'],
      'GET /api/visitors/watchlist': ['security'],
      'DELETE /api/visitors/watchlist/:id': ['security'],
      'GET /api/notifications': ['employee', 'security'],
    },
    routes: (app) => {
      visitCommandRoutes(app, deps);
      visitTokenRoutes(app, deps);
      visitReadRoutes(app, deps);
      watchlistRoutes(app, deps);
    },
  };
}
