/** Incident routes: report (any employee), list and detail, and the safety officer's lifecycle. */
import { newId } from '../../commands/new-id.js';
import { NotFoundError } from '../../commands/domain-error.js';
import type { IncidentCommand } from '../../commands/health-safety/incident.decider.js';
import { reportIncident, runIncidentCommand } from '../../commands/health-safety/incident.service.js';
import { runInspectionCommand } from '../../commands/health-safety/safety-registers.service.js';
import type { CommandContext } from '../../events/envelope.js';
import {
  findAction,
  getIncident,
  listActions,
  listIncidents,
} from '../../queries/health-safety/incidents.query.js';
import { pageOf } from '../auth/identity.schemas.js';
import type { ApiInstance } from '../app-deps.js';
import { commandResponseSchema } from '../command-http.js';
import type { PermissionTable } from '../permissions.js';
import { runCommand } from '../run-command.js';
import { BASE, OFFICER, Ok } from './health-safety-routes.shared.js';
import type { HealthSafetyDeps } from './health-safety.module.js';
import {
  ActionListQuery,
  ActionSchema,
  ClassificationBody,
  CompleteActionBody,
  IdParams,
  IncidentDetail,
  IncidentListItem,
  IncidentListQuery,
  InvestigationBody,
  NewActionBody,
  NewIncidentBody,
  ReopenBody,
  RootCauseBody,
  TriageBody,
} from './incident.schemas.js';

export const incidentPermissions: PermissionTable = {
  [`POST ${BASE}/incidents`]: ['employee', 'safety_officer', 'security'],
  [`GET ${BASE}/incidents`]: ['safety_officer', 'analyst', 'executive'],
  [`GET ${BASE}/incidents/:id`]: ['safety_officer', 'analyst', 'executive'],
  [`POST ${BASE}/incidents/:id/triage`]: OFFICER,
  [`POST ${BASE}/incidents/:id/investigation`]: OFFICER,
  [`POST ${BASE}/incidents/:id/root-causes`]: OFFICER,
  [`POST ${BASE}/incidents/:id/actions`]: OFFICER,
  [`POST ${BASE}/incidents/:id/classification`]: OFFICER,
  [`POST ${BASE}/incidents/:id/close`]: OFFICER,
  [`POST ${BASE}/incidents/:id/reopen`]: OFFICER,
  [`GET ${BASE}/actions`]: ['safety_officer', 'analyst', 'executive'],
  // Owners complete their own actions; anyone with a role that can own one may call it.
  [`POST ${BASE}/actions/:actionId/complete`]: ['safety_officer', 'employee'],
};

export function incidentRoutes(app: ApiInstance, deps: HealthSafetyDeps): void {
  app.post(
    `${BASE}/incidents`,
    {
      schema: {
        tags: ['health-safety'],
        body: NewIncidentBody,
        response: {
          201: commandResponseSchema({
            incidentId: IncidentDetail.shape.incidentId,
            number: IncidentDetail.shape.number,
            status: IncidentDetail.shape.status,
          }),
        },
      },
    },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const r = await reportIncident(deps.log, request.body, context);
          return {
            id: r.incidentId,
            incidentId: r.incidentId,
            number: r.number,
            status: 'reported',
            revision: r.revision,
            position: r.position,
          };
        },
        { status: 201, location: (id) => `${BASE}/incidents/${id}` },
      ),
  );

  app.get(
    `${BASE}/incidents`,
    {
      schema: {
        tags: ['health-safety'],
        querystring: IncidentListQuery,
        response: { 200: pageOf(IncidentListItem) },
      },
    },
    (request) => listIncidents(deps.readDb, request.query),
  );

  app.get(
    `${BASE}/incidents/:id`,
    { schema: { tags: ['health-safety'], params: IdParams, response: { 200: IncidentDetail } } },
    async (request) => {
      const incident = await getIncident(deps.readDb, request.params.id);
      if (incident === undefined) throw new NotFoundError('incident not found');
      return incident;
    },
  );

  lifecycle(app, deps, 'triage', TriageBody, (b) => ({
    type: 'TriageIncident',
    severity: b.severity,
    notes: b.notes ?? null,
  }));
  lifecycle(app, deps, 'investigation', InvestigationBody, (b, c) => ({
    type: 'StartInvestigation',
    investigatorId: b.investigatorId,
    now: c.now,
  }));
  lifecycle(
    app,
    deps,
    'root-causes',
    RootCauseBody,
    (b) => ({ type: 'IdentifyRootCause', rootCauseId: newId(), ...b }),
    'rootCauseId',
  );
  lifecycle(
    app,
    deps,
    'actions',
    NewActionBody,
    (b, c) => ({
      type: 'AssignAction',
      actionId: newId(),
      ...b,
      rootCauseId: b.rootCauseId ?? null,
      now: c.now,
    }),
    'actionId',
  );
  lifecycle(app, deps, 'classification', ClassificationBody, (b) => ({
    type: 'ClassifyIncident',
    ...b,
    jobTitle: b.jobTitle ?? null,
  }));
  lifecycle(app, deps, 'close', undefined, (_b, c) => ({ type: 'CloseIncident', now: c.now }));
  lifecycle(app, deps, 'reopen', ReopenBody, (b, c) => ({
    type: 'ReopenIncident',
    reason: b.reason,
    now: c.now,
  }));

  app.get(
    `${BASE}/actions`,
    {
      schema: {
        tags: ['health-safety'],
        querystring: ActionListQuery,
        response: { 200: pageOf(ActionSchema) },
      },
    },
    (request) => listActions(deps.readDb, request.query),
  );

  app.post(
    `${BASE}/actions/:actionId/complete`,
    {
      schema: {
        tags: ['health-safety'],
        params: ActionIdParams,
        body: CompleteActionBody,
        response: { 200: Ok },
      },
    },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          // The action's owner (incident or inspection) comes from the read model: actions are
          // completed days after they are opened, long after the projection has them.
          const action = await findAction(deps.readDb, request.params.actionId);
          if (action === undefined) throw new NotFoundError('action not found');
          const command = {
            type: 'CompleteAction' as const,
            actionId: action.actionId,
            notes: request.body.notes,
            now: context.now,
          };
          const r =
            action.source === 'incident'
              ? await runIncidentCommand(deps.log, action.sourceId, command, context)
              : await runInspectionCommand(deps.log, action.sourceId, command, context);
          return { id: action.actionId, revision: r.revision, position: r.position };
        },
        { status: 200 },
      ),
  );
}

import { z } from 'zod';
const ActionIdParams = z.object({ actionId: z.uuid() });

type LifecycleCommand = Exclude<IncidentCommand, { type: 'ReportIncident' }>;

/** One POST …/incidents/:id/<path> route: body → command → 200 (201 when it creates a child). */
function lifecycle<B extends z.ZodType | undefined>(
  app: ApiInstance,
  deps: HealthSafetyDeps,
  path: string,
  body: B,
  toCommand: (
    body: B extends z.ZodType ? z.output<B> : undefined,
    context: CommandContext,
  ) => LifecycleCommand,
  childId?: 'rootCauseId' | 'actionId',
): void {
  const response =
    childId === undefined ? { 200: Ok } : { 201: commandResponseSchema({ [childId]: z.string() }) };
  app.post(
    `${BASE}/incidents/:id/${path}`,
    {
      schema: {
        tags: ['health-safety'],
        params: IdParams,
        ...(body === undefined ? {} : { body }),
        response,
      },
    },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context, expectedRevision) => {
          const command = toCommand(request.body as never, context);
          const r = await runIncidentCommand(
            deps.log,
            request.params.id,
            command,
            context,
            expectedRevision === undefined ? {} : { expectedRevision },
          );
          const child =
            childId === undefined
              ? {}
              : { [childId]: (command as unknown as Record<string, string>)[childId]! };
          return {
            id: child[childId ?? 'none'] ?? request.params.id,
            ...child,
            revision: r.revision,
            position: r.position,
          };
        },
        childId === undefined
          ? { status: 200 }
          : { status: 201, location: () => `${BASE}/incidents/${request.params.id}` },
      ),
  );
}
