/** The visitor watch list (security): add, list, remove. A hit at check-in answers 403 VISITOR_ON_WATCHLIST. */
import { addToWatchlist, removeFromWatchlist } from '../../commands/visitors/watchlist.service.js';
import { listWatchlist } from '../../queries/visitors/watchlist.query.js';
import type { ApiInstance } from '../app-deps.js';
import { pageOf, PageQuery } from '../auth/identity.schemas.js';
import { commandContext, idempotent } from '../command-context.js';
import { commandReply, commandResponseSchema } from '../command-http.js';
import type { VisitorsModuleDeps } from './visitors.module.js';
import { WatchlistBody, WatchlistIdParams, WatchlistItem } from './visitors.schemas.js';

const tags = ['visitors'];

export function watchlistRoutes(app: ApiInstance, deps: VisitorsModuleDeps): void {
  app.post(
    '/api/visitors/watchlist',
    { schema: { tags, body: WatchlistBody, response: { 201: commandResponseSchema() } } },
    async (request, reply) => {
      const body = await idempotent(request, deps.idempotency, async () => {
        const result = await addToWatchlist(deps.visitors.log, request.body, commandContext(request));
        return {
          id: result.entryId,
          revision: result.revision.toString(),
          position: result.position.toString(),
        };
      });
      const result = { ...body, revision: BigInt(body.revision), position: BigInt(body.position) };
      return commandReply(reply, result, { status: 201, location: `/api/visitors/watchlist/${body.id}` });
    },
  );

  app.get(
    '/api/visitors/watchlist',
    {
      schema: { tags, querystring: PageQuery, response: { 200: pageOf(WatchlistItem) } },
      config: { readModels: ['visitor-watchlist'] },
    },
    async (request) => listWatchlist(deps.readDb, request.query),
  );

  app.delete(
    '/api/visitors/watchlist/:id',
    { schema: { tags, params: WatchlistIdParams, response: { 200: commandResponseSchema() } } },
    async (request, reply) => {
      const result = await removeFromWatchlist(deps.visitors.log, request.params.id, commandContext(request));
      return commandReply(
        reply,
        { id: request.params.id, revision: result.revision, position: result.position },
        { status: 200 },
      );
    },
  );
}
