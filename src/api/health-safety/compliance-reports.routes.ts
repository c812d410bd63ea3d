/** Obligations, compliance status, hours worked, emergency procedures and drills. */
import { z } from 'zod';
import {
  publishProcedure,
  recordDrill,
  recordHoursWorked,
  registerObligation,
  runObligationCommand,
} from '../../commands/health-safety/compliance-registers.service.js';
import { complianceStatus } from '../../queries/health-safety/compliance.query.js';
import {
  listDrills,
  listHoursWorked,
  listObligations,
  listProcedures,
  procedureVersions,
} from '../../queries/health-safety/registers.query.js';
import { newId } from '../../commands/new-id.js';
import { PageQuery, pageOf } from '../auth/identity.schemas.js';
import type { ApiInstance } from '../app-deps.js';
import { commandResponseSchema } from '../command-http.js';
import type { PermissionTable } from '../permissions.js';
import { runCommand } from '../run-command.js';
import { BASE, OFFICER, READERS, tags, Ok } from './health-safety-routes.shared.js';
import type { HealthSafetyDeps } from './health-safety.module.js';
import { IdParams } from './incident.schemas.js';
import * as S from './safety-registers.schemas.js';

export const compliancePermissions: PermissionTable = {
  [`POST ${BASE}/obligations`]: OFFICER,
  [`GET ${BASE}/obligations`]: READERS,
  [`POST ${BASE}/obligations/:id/complete`]: OFFICER,
  [`GET ${BASE}/compliance`]: READERS,
  [`POST ${BASE}/hours-worked`]: OFFICER,
  [`GET ${BASE}/hours-worked`]: READERS,
  [`POST ${BASE}/emergency-procedures`]: OFFICER,
  [`POST ${BASE}/emergency-procedures/:id/versions`]: OFFICER,
  [`GET ${BASE}/emergency-procedures`]: 'authenticated',
  [`GET ${BASE}/emergency-procedures/:id/versions`]: 'authenticated',
  [`POST ${BASE}/drills`]: OFFICER,
  [`GET ${BASE}/drills`]: ['safety_officer', 'analyst', 'executive', 'security'],
};

export function complianceReportRoutes(app: ApiInstance, deps: HealthSafetyDeps): void {
  app.post(
    `${BASE}/obligations`,
    {
      schema: {
        tags,
        body: S.NewObligationBody,
        response: { 201: commandResponseSchema({ obligationId: z.string() }) },
      },
    },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const r = await registerObligation(deps.log, request.body, context);
          return {
            id: r.obligationId,
            obligationId: r.obligationId,
            revision: r.revision,
            position: r.position,
          };
        },
        { status: 201, location: () => `${BASE}/obligations` },
      ),
  );
  app.get(
    `${BASE}/obligations`,
    { schema: { tags, querystring: S.ObligationListQuery, response: { 200: pageOf(S.ObligationSchema) } } },
    (request) => listObligations(deps.readDb, request.query),
  );
  app.post(
    `${BASE}/obligations/:id/complete`,
    { schema: { tags, params: IdParams, body: S.CompleteObligationBody, response: { 200: Ok } } },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const r = await runObligationCommand(
            deps.log,
            request.params.id,
            { type: 'CompleteObligation', evidence: request.body.evidence, now: context.now },
            context,
          );
          return { id: request.params.id, revision: r.revision, position: r.position };
        },
        { status: 200 },
      ),
  );
  app.get(
    `${BASE}/compliance`,
    { schema: { tags, querystring: S.ComplianceQuery, response: { 200: S.ComplianceSchema } } },
    (request) => complianceStatus(deps.readDb, { departmentId: request.query.departmentId, now: deps.now() }),
  );
  app.post(
    `${BASE}/hours-worked`,
    { schema: { tags, body: S.HoursBody, response: { 200: Ok } } },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const r = await recordHoursWorked(deps.log, request.body, context);
          return {
            id: `${request.body.departmentId}_${request.body.month}`,
            revision: r.revision,
            position: r.position,
          };
        },
        { status: 200 },
      ),
  );
  app.get(
    `${BASE}/hours-worked`,
    { schema: { tags, querystring: S.HoursQuery, response: { 200: S.HoursSchema } } },
    async (request) => ({ items: await listHoursWorked(deps.readDb, request.query) }),
  );
  procedureAndDrillRoutes(app, deps);
}

function procedureAndDrillRoutes(app: ApiInstance, deps: HealthSafetyDeps): void {
  const Published = commandResponseSchema({ procedureId: z.string(), version: z.number().int() });
  const publish =
    (procedureId: string) =>
    (
      request: { body: z.output<typeof S.NewProcedureBody> } & Parameters<typeof runCommand>[0],
      reply: Parameters<typeof runCommand>[1],
    ) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const r = await publishProcedure(deps.log, procedureId, request.body, context);
          return {
            id: procedureId,
            procedureId,
            version: r.version,
            revision: r.revision,
            position: r.position,
          };
        },
        { status: 201, location: (id) => `${BASE}/emergency-procedures/${id}/versions` },
      );
  app.post(
    `${BASE}/emergency-procedures`,
    { schema: { tags, body: S.NewProcedureBody, response: { 201: Published } } },
    (request, reply) => publish(newId())(request, reply),
  );
  app.post(
    `${BASE}/emergency-procedures/:id/versions`,
    { schema: { tags, params: IdParams, body: S.NewProcedureBody, response: { 201: Published } } },
    (request, reply) => publish(request.params.id)(request, reply),
  );
  app.get(
    `${BASE}/emergency-procedures`,
    { schema: { tags, querystring: PageQuery, response: { 200: pageOf(S.ProcedureSchema) } } },
    (request) => listProcedures(deps.readDb, request.query),
  );
  app.get(
    `${BASE}/emergency-procedures/:id/versions`,
    {
      schema: { tags, params: IdParams, response: { 200: z.object({ items: z.array(S.ProcedureSchema) }) } },
    },
    async (request) => ({ items: await procedureVersions(deps.readDb, request.params.id) }),
  );
  app.post(
    `${BASE}/drills`,
    {
      schema: {
        tags,
        body: S.NewDrillBody,
        response: { 201: commandResponseSchema({ drillId: z.string(), elapsedSeconds: z.number().int() }) },
      },
    },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const b = request.body;
          // Visitors on site at the alarm (the visitors read model) plus the participants, unless the request says.
          // A figure the officer counted on the day wins over the read model's.
          const onSite =
            deps.onSiteCountAt === undefined || b.expectedOnSite !== undefined
              ? undefined
              : await deps.onSiteCountAt(new Date(b.startedAt));
          const expectedOnSite =
            onSite === undefined ? (b.expectedOnSite ?? b.participants) : onSite + b.participants;
          const r = await recordDrill(
            deps.log,
            {
              procedureId: b.procedureId,
              startedAt: new Date(b.startedAt).toISOString(),
              allClearAt: new Date(b.allClearAt).toISOString(),
              participants: b.participants,
              expectedOnSite,
              accountedFor: b.accountedFor ?? expectedOnSite,
              rollCallSource: onSite === undefined ? 'request' : 'visitors_read_model',
              notes: b.notes ?? null,
            },
            context,
          );
          const elapsedSeconds =
            (r.events[0]?.data as { elapsedSeconds: number } | undefined)?.elapsedSeconds ?? 0;
          return {
            id: r.drillId,
            drillId: r.drillId,
            elapsedSeconds,
            revision: r.revision,
            position: r.position,
          };
        },
        { status: 201, location: () => `${BASE}/drills` },
      ),
  );
  app.get(
    `${BASE}/drills`,
    { schema: { tags, querystring: S.DrillListQuery, response: { 200: pageOf(S.DrillSchema) } } },
    (request) => listDrills(deps.readDb, request.query),
  );
}
