/** Inspections (schedule, complete, list, detail), and training courses and records. */
import { z } from 'zod';
import { NotFoundError } from '../../commands/domain-error.js';
import {
  completeInspection,
  createCourse,
  recordTraining,
  scheduleInspection,
} from '../../commands/health-safety/safety-registers.service.js';
import {
  getInspection,
  listCourses,
  listInspections,
  listTraining,
} from '../../queries/health-safety/registers.query.js';
import { PageQuery, pageOf } from '../auth/identity.schemas.js';
import type { ApiInstance } from '../app-deps.js';
import { commandResponseSchema } from '../command-http.js';
import type { PermissionTable } from '../permissions.js';
import { runCommand } from '../run-command.js';
import { BASE, OFFICER, READERS, tags } from './health-safety-routes.shared.js';
import type { HealthSafetyDeps } from './health-safety.module.js';
import { IdParams } from './incident.schemas.js';
import {
  CompleteInspectionBody,
  CourseSchema,
  InspectionListQuery,
  InspectionSchema,
  NewCourseBody,
  NewInspectionBody,
  NewTrainingBody,
  TrainingListQuery,
  TrainingSchema,
} from './safety-registers.schemas.js';

export const inspectionTrainingPermissions: PermissionTable = {
  [`POST ${BASE}/inspections`]: OFFICER,
  [`GET ${BASE}/inspections`]: READERS,
  [`GET ${BASE}/inspections/:id`]: READERS,
  [`POST ${BASE}/inspections/:id/complete`]: OFFICER,
  [`POST ${BASE}/training/courses`]: OFFICER,
  [`GET ${BASE}/training/courses`]: 'authenticated',
  [`POST ${BASE}/training`]: OFFICER,
  [`GET ${BASE}/training`]: READERS,
};

export function inspectionTrainingRoutes(app: ApiInstance, deps: HealthSafetyDeps): void {
  app.post(
    `${BASE}/inspections`,
    {
      schema: {
        tags,
        body: NewInspectionBody,
        response: {
          201: commandResponseSchema({ inspectionId: z.string(), status: z.literal('scheduled') }),
        },
      },
    },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const r = await scheduleInspection(deps.log, request.body, context);
          return {
            id: r.inspectionId,
            inspectionId: r.inspectionId,
            status: 'scheduled' as const,
            revision: r.revision,
            position: r.position,
          };
        },
        { status: 201, location: (id) => `${BASE}/inspections/${id}` },
      ),
  );

  app.get(
    `${BASE}/inspections`,
    { schema: { tags, querystring: InspectionListQuery, response: { 200: pageOf(InspectionSchema) } } },
    (request) => listInspections(deps.readDb, request.query),
  );

  app.get(
    `${BASE}/inspections/:id`,
    { schema: { tags, params: IdParams, response: { 200: InspectionSchema } } },
    async (request) => {
      const inspection = await getInspection(deps.readDb, request.params.id);
      if (inspection === undefined) throw new NotFoundError('inspection not found');
      return inspection;
    },
  );

  app.post(
    `${BASE}/inspections/:id/complete`,
    {
      schema: {
        tags,
        params: IdParams,
        body: CompleteInspectionBody,
        response: {
          200: commandResponseSchema({
            score: z.number().nullable(),
            failedItems: z.array(z.string()),
            actionIds: z.array(z.string()),
            status: z.literal('completed'),
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
          const r = await completeInspection(
            { log: deps.log, departmentOf: deps.departmentOf, actionDueDays: deps.inspectionActionDueDays },
            request.params.id,
            request.body.responses,
            context,
          );
          const completed = r.events.find((e) => e.type === 'InspectionCompleted')?.data as
            { score: number | null; failedItems: string[] } | undefined;
          const actionIds = r.events.flatMap((e) =>
            e.type === 'CorrectiveActionOpened' ? [(e.data as { actionId: string }).actionId] : [],
          );
          return {
            id: request.params.id,
            score: completed?.score ?? null,
            failedItems: completed?.failedItems ?? [],
            actionIds,
            status: 'completed' as const,
            revision: r.revision,
            position: r.position,
          };
        },
        { status: 200 },
      ),
  );

  app.post(
    `${BASE}/training/courses`,
    {
      schema: {
        tags,
        body: NewCourseBody,
        response: { 201: commandResponseSchema({ courseId: z.string() }) },
      },
    },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const r = await createCourse(deps.log, request.body, context);
          return { id: r.courseId, courseId: r.courseId, revision: r.revision, position: r.position };
        },
        { status: 201, location: () => `${BASE}/training/courses` },
      ),
  );

  app.get(
    `${BASE}/training/courses`,
    { schema: { tags, querystring: PageQuery, response: { 200: pageOf(CourseSchema) } } },
    (request) => listCourses(deps.readDb, request.query),
  );

  app.post(
    `${BASE}/training`,
    {
      schema: {
        tags,
        body: NewTrainingBody,
        response: { 201: commandResponseSchema({ recordId: z.string(), expiresAt: z.string() }) },
      },
    },
    (request, reply) =>
      runCommand(
        request,
        reply,
        deps.idempotency,
        async (context) => {
          const r = await recordTraining(deps.log, request.body, context);
          return {
            id: r.recordId,
            recordId: r.recordId,
            expiresAt: r.expiresAt,
            revision: r.revision,
            position: r.position,
          };
        },
        { status: 201, location: () => `${BASE}/training?employeeId=${request.body.employeeId}` },
      ),
  );

  app.get(
    `${BASE}/training`,
    { schema: { tags, querystring: TrainingListQuery, response: { 200: pageOf(TrainingSchema) } } },
    (request) => listTraining(deps.readDb, { ...request.query, now: deps.now() }),
  );
}
