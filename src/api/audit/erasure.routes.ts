/**
 * `POST /api/admin/subjects/:subjectId/erase` (admin): crypto-shreds a person. Their key is
 * destroyed, so every personal field of theirs in the log, in replays and in exports reads
 * as erased; the SubjectErased event (who, when, why, never the data) makes projectors
 * holding personal fields scrub their rows. Counts and statistics stay.
 */
import { eraseSubject } from '../../commands/audit/erase-subject.service.js';
import type { ApiInstance } from '../app-deps.js';
import { commandContext, idempotent } from '../command-context.js';
import { commandReply, commandResponseSchema } from '../command-http.js';
import type { AuditModuleDeps } from './audit.module.js';
import { EraseBody, EraseParams } from './audit.schemas.js';
import { z } from 'zod';

export function erasureRoutes(
  app: ApiInstance,
  deps: Pick<AuditModuleDeps, 'log' | 'eraseSubjectKey' | 'idempotency'>,
): void {
  app.post(
    '/api/admin/subjects/:subjectId/erase',
    {
      schema: {
        tags: ['admin'],
        params: EraseParams,
        body: EraseBody,
        response: { 202: commandResponseSchema({ erasedAt: z.string() }) },
      },
    },
    async (request, reply) => {
      const body = await idempotent(request, deps.idempotency, async () => {
        const context = commandContext(request);
        const result = await eraseSubject(
          { log: deps.log, eraseKey: deps.eraseSubjectKey },
          { subjectId: request.params.subjectId, reason: request.body.reason },
          context,
        );
        return {
          id: request.params.subjectId,
          erasedAt: context.now.toISOString(),
          revision: result.revision.toString(),
          position: result.position.toString(),
        };
      });
      return commandReply(
        reply,
        { ...body, revision: BigInt(body.revision), position: BigInt(body.position) },
        {
          status: 202,
        },
      );
    },
  );
}
