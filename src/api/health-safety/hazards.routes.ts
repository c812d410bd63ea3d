/** The hazard register: identify a hazard with its initial risk, assess its residual risk, list. */
import { z } from 'zod';
import { assessHazard, identifyHazard } from '../../commands/health-safety/safety-registers.service.js';
import { listHazards } from '../../queries/health-safety/registers.query.js';
import { pageOf } from '../auth/identity.schemas.js';
import type { ApiInstance } from '../app-deps.js';
import { commandResponseSchema } from '../command-http.js';
import type { PermissionTable } from '../permissions.js';
import { runCommand } from '../run-command.js';
import { BASE, OFFICER, tags } from './health-safety-routes.shared.js';
import type { HealthSafetyDeps } from './health-safety.module.js';
import { IdParams } from './incident.schemas.js';
import { AssessmentBody, HazardListQuery, HazardSchema, NewHazardBody } from './safety-registers.schemas.js';

export const hazardPermissions: PermissionTable = {
  [`POST ${BASE}/hazards`]: OFFICER,
  [`POST ${BASE}/hazards/:id/assessments`]: OFFICER,
  // The hazard register is posted for everyone who works near the hazards.
  [`GET ${BASE}/hazards`]: ['safety_officer', 'analyst', 'executive', 'employee'],
};

export function hazardRoutes(app: ApiInstance, deps: HealthSafetyDeps): void {
  app.post(
    `${BASE}/hazards`,
    {
      schema: {
        tags,
        body: NewHazardBody,
        response: {
          201: commandResponseSchema({ hazardId: z.string(), riskScore: z.number(), riskLevel: z.string() }),
        },
      },
    },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const r = await identifyHazard(deps.log, request.body, context);
          return {
            id: r.hazardId,
            hazardId: r.hazardId,
            riskScore: r.initial.riskScore,
            riskLevel: r.initial.riskLevel,
            revision: r.revision,
            position: r.position,
          };
        },
        { status: 201, location: () => `${BASE}/hazards` },
      ),
  );

  app.post(
    `${BASE}/hazards/:id/assessments`,
    {
      schema: {
        tags,
        params: IdParams,
        body: AssessmentBody,
        response: { 201: commandResponseSchema({ riskScore: z.number(), riskLevel: z.string() }) },
      },
    },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const b = request.body;
          const r = await assessHazard(
            deps.log,
            request.params.id,
            {
              likelihood: b.likelihood,
              severity: b.severity,
              controls: b.controls,
              notes: b.notes ?? null,
              nextReviewDate: b.nextReviewDate ?? null,
              now: context.now,
            },
            context,
          );
          const residual = (r.events[0]?.data as { residual: { riskScore: number; riskLevel: string } })
            .residual;
          return { id: request.params.id, ...residual, revision: r.revision, position: r.position };
        },
        { status: 201, location: () => `${BASE}/hazards` },
      ),
  );

  app.get(
    `${BASE}/hazards`,
    { schema: { tags, querystring: HazardListQuery, response: { 200: pageOf(HazardSchema) } } },
    (request) => listHazards(deps.readDb, request.query),
  );
}
