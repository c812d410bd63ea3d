/** Visitors command routes: invitations, check-in, approval, rejection, checkout (tokens: visit-token.routes.ts). */
import {
  approveVisit,
  checkOutVisitor,
  rejectVisit,
} from '../../commands/visitors/visit-lifecycle.service.js';
import { checkInVisitor, inviteVisitor } from '../../commands/visitors/visit.service.js';
import type { VisitorDetails } from '../../events/visitors/visit.events.js';
import type { ApiInstance } from '../app-deps.js';
import { commandContext, idempotent } from '../command-context.js';
import { expectedRevisionFrom } from '../command-http.js';
import { ForbiddenError, UnauthorizedError } from '../http-errors.js';
import {
  asHost,
  currentUser,
  mayActForAnyHost,
  publicContext,
  visitActor,
  VisitForbiddenError,
} from './visitor-access.js';
import { checkInUrlFor, send, strings } from './visit-replies.js';
import type { VisitorsModuleDeps } from './visitors.module.js';
import {
  CheckInBody,
  CheckInResponse,
  CheckOutBody,
  CheckOutResponse,
  InvitationBody,
  InvitationResponse,
  RejectBody,
  VisitCommandResponse,
  VisitIdParams,
} from './visitors.schemas.js';

const tags = ['visitors'];

function details(visitor: {
  firstName: string;
  lastName: string;
  email?: string | undefined;
  phone?: string | undefined;
  company?: string | undefined;
}): VisitorDetails {
  return {
    firstName: visitor.firstName,
    lastName: visitor.lastName,
    email: visitor.email ?? null,
    phone: visitor.phone ?? null,
    company: visitor.company ?? null,
  };
}

export function visitCommandRoutes(app: ApiInstance, deps: VisitorsModuleDeps): void {
  // Not idempotent on purpose: a replay would have to keep the token, a secret, in the idempotency store.
  app.post(
    '/api/visitors/invitations',
    { schema: { tags, body: InvitationBody, response: { 201: InvitationResponse } } },
    async (request, reply) => {
      const { hostId } = request.body;
      if (!mayActForAnyHost(request) && hostId !== currentUser(request).id)
        throw new ForbiddenError('Employees may invite visitors only as their own host.');
      const issued = await inviteVisitor(
        deps.visitors,
        { ...request.body, visitor: details(request.body.visitor) },
        commandContext(request),
      );
      const body = {
        id: issued.visitId,
        invitationId: issued.visitId,
        token: issued.token,
        expiresAt: issued.expiresAt.toISOString(),
        checkInUrl: checkInUrlFor(deps, issued.token),
        ...strings(issued.result),
      };
      return send(reply, body, { status: 201, location: `/api/visitors/${issued.visitId}` });
    },
  );

  app.post(
    '/api/visitors/checkin',
    { schema: { tags, body: CheckInBody, response: { 201: CheckInResponse } } },
    async (request, reply) => {
      if (request.body.token === undefined) {
        // Without a token only the front desk may check someone in.
        if (request.user === null)
          throw new UnauthorizedError('A check-in token, or a kiosk or security sign-in, is required.');
        if (!mayActForAnyHost(request))
          throw new ForbiddenError('Without a token, only kiosks and security may check visitors in.');
      }
      const body = await idempotent(request, deps.idempotency, async () => {
        const outcome = await checkInVisitor(
          deps.visitors,
          { ...request.body, visitor: details(request.body.visitor) },
          publicContext(request),
        );
        const { visitId, visitorId, status, badgeNumber } = outcome;
        return {
          id: visitId,
          visitId,
          visitorId,
          status,
          badgeNumber: badgeNumber ?? '',
          ...strings(outcome),
        };
      });
      if (body.status === 'denied')
        throw new VisitForbiddenError(
          'VISITOR_ON_WATCHLIST',
          'This visitor may not be admitted; security has been notified.',
        );
      return send(
        reply,
        { ...body, status: body.status },
        { status: 201, location: `/api/visitors/${body.visitId}` },
      );
    },
  );

  app.post(
    '/api/visitors/:visitId/approve',
    { schema: { tags, params: VisitIdParams, response: { 200: VisitCommandResponse } } },
    async (request, reply) => {
      const { visitId } = request.params;
      const body = await idempotent(request, deps.idempotency, async () => {
        const result = await asHost(() =>
          approveVisit(
            deps.visitors,
            visitId,
            visitActor(request),
            commandContext(request),
            expectedRevisionFrom(request),
          ),
        );
        return { id: visitId, visitId, status: 'checked_in', ...strings(result) };
      });
      return send(reply, body, { status: 200 });
    },
  );

  app.post(
    '/api/visitors/:visitId/reject',
    { schema: { tags, params: VisitIdParams, body: RejectBody, response: { 200: VisitCommandResponse } } },
    async (request, reply) => {
      const { visitId } = request.params;
      const body = await idempotent(request, deps.idempotency, async () => {
        const result = await asHost(() =>
          rejectVisit(
            deps.visitors,
            visitId,
            request.body.reason,
            visitActor(request),
            commandContext(request),
            expectedRevisionFrom(request),
          ),
        );
        return { id: visitId, visitId, status: 'rejected', ...strings(result) };
      });
      return send(reply, body, { status: 200 });
    },
  );

  app.post(
    '/api/visitors/checkout',
    { schema: { tags, body: CheckOutBody, response: { 200: CheckOutResponse } } },
    async (request, reply) => {
      const { visitId } = request.body;
      const body = await idempotent(request, deps.idempotency, async () => {
        const result = await asHost(() =>
          checkOutVisitor(deps.visitors, visitId, visitActor(request), commandContext(request)),
        );
        return {
          id: visitId,
          visitId,
          status: 'checked_out' as const,
          durationMinutes: result.durationMinutes,
          ...strings(result),
        };
      });
      return send(reply, body, { status: 200 });
    },
  );
}
