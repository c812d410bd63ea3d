/** The caller's dashboard widgets: create, change (retitle, reconfigure, move), delete, and list with data. */
import { newId } from '../../commands/new-id.js';
import { z } from 'zod';
import { widgetDecider, type WidgetCommand } from '../../commands/dashboards/widget.decider.js';
import { DomainError } from '../../commands/domain-error.js';
import { handleCommand } from '../../commands/handle-command.js';
import type { IdempotencyStore } from '../../commands/idempotency.js';
import { widgetStream } from '../../events/dashboards/widget.events.js';
import type { CommandContext } from '../../events/envelope.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { listWidgets, MAX_WIDGETS } from '../../queries/dashboards/widgets.query.js';
import type { ApiInstance } from '../app-deps.js';
import { commandResponseSchema } from '../command-http.js';
import type { PermissionTable } from '../permissions.js';
import { runCommand } from '../run-command.js';
import { currentUser } from '../visitors/visitor-access.js';
import { widgetData, type WidgetDataDeps } from './widget-data.js';
import { WidgetBody, WidgetParams } from './widget.schemas.js';

export type WidgetDeps = WidgetDataDeps & {
  readonly log: EventStore;
  readonly idempotency: IdempotencyStore;
};

export function widgetPermissions(readers: readonly string[]): PermissionTable {
  const roles = readers as PermissionTable[string];
  return {
    'GET /api/dashboard/widgets': roles,
    'POST /api/dashboard/widgets': roles,
    'PUT /api/dashboard/widgets/:id': roles,
    'DELETE /api/dashboard/widgets/:id': roles,
  };
}

export function widgetRoutes(app: ApiInstance, deps: WidgetDeps): void {
  const tags = ['dashboards'];
  const run = (widgetId: string, command: WidgetCommand, context: CommandContext, expected?: bigint) =>
    handleCommand(deps.log, widgetStream.name(widgetId), widgetDecider, command, context, {
      ...(expected !== undefined && { expectedRevision: expected }),
    });
  const answer = (widgetId: string, r: { revision: bigint; position: bigint }) => ({
    id: widgetId,
    revision: r.revision,
    position: r.position,
  });

  app.get('/api/dashboard/widgets', { schema: { tags } }, async (request) => {
    const widgets = await listWidgets(deps.readDb, currentUser(request).id);
    return {
      items: await Promise.all(widgets.map(async (w) => ({ ...w, data: await widgetData(deps, w) }))),
    };
  });

  app.post(
    '/api/dashboard/widgets',
    { schema: { tags, body: WidgetBody, response: { 201: commandResponseSchema() } } },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const ownerId = currentUser(request).id;
          if ((await listWidgets(deps.readDb, ownerId)).length >= MAX_WIDGETS)
            throw new DomainError('TOO_MANY_WIDGETS', `A dashboard holds at most ${MAX_WIDGETS} widgets.`);
          const widgetId = newId();
          return answer(
            widgetId,
            await run(widgetId, { kind: 'create', widgetId, ownerId, ...request.body }, context),
          );
        },
        { status: 201, location: (id) => `/api/dashboard/widgets/${id}` },
      ),
  );

  app.put(
    '/api/dashboard/widgets/:id',
    { schema: { tags, params: WidgetParams, body: WidgetBody, response: { 200: commandResponseSchema() } } },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context, expected) => {
          const widgetId = request.params.id;
          const command = {
            kind: 'change',
            widgetId,
            actorId: currentUser(request).id,
            ...request.body,
          } as const;
          return answer(widgetId, await run(widgetId, command, context, expected));
        },
        { status: 200 },
      ),
  );

  app.delete(
    '/api/dashboard/widgets/:id',
    { schema: { tags, params: WidgetParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const widgetId = request.params.id;
      await runCommand(
        request,
        reply,
        deps.idempotency,
        async (context, expected) =>
          answer(
            widgetId,
            await run(
              widgetId,
              { kind: 'delete', widgetId, actorId: currentUser(request).id },
              context,
              expected,
            ),
          ),
        { status: 200 },
      );
      return reply.code(204).send(null);
    },
  );
}
