/** Visitors token routes: walk-in tokens from the kiosk, public validation, revocation. */
import { describeToken, generateWalkInToken } from '../../commands/visitors/visit.service.js';
import { revokeToken, tokenTarget } from '../../commands/visitors/visit-token.service.js';
import type { ApiInstance } from '../app-deps.js';
import { commandContext, idempotent } from '../command-context.js';
import { requireTokenRevoker, VisitNotFoundError } from './visitor-access.js';
import { checkInUrlFor, send, strings } from './visit-replies.js';
import type { VisitorsModuleDeps } from './visitors.module.js';
import {
  RevokeTokenBody,
  RevokeTokenResponse,
  TokenResponse,
  ValidateTokenBody,
  ValidateTokenResponse,
} from './visitors.schemas.js';

const tags = ['visitors'];

export function visitTokenRoutes(app: ApiInstance, deps: VisitorsModuleDeps): void {
  app.post(
    '/api/visitors/generate-token',
    { schema: { tags, response: { 201: TokenResponse } } },
    async (request, reply) => {
      const issued = await generateWalkInToken(deps.visitors, commandContext(request));
      const body = {
        id: issued.result.streamId,
        token: issued.token,
        expiresAt: issued.expiresAt.toISOString(),
        checkInUrl: checkInUrlFor(deps, issued.token),
        ...strings(issued.result),
      };
      return send(reply, body, { status: 201 });
    },
  );

  app.post(
    '/api/visitors/validate-token',
    { schema: { tags, body: ValidateTokenBody, response: { 200: ValidateTokenResponse } } },
    async (request) => {
      const description = await describeToken(deps.visitors, request.body.token, new Date());
      if (description.check !== 'valid') return { valid: false, reason: description.check };
      const { invitation, kind, expiresAt } = description;
      if (invitation === undefined)
        return { valid: true, ...(kind ? { kind } : {}), ...(expiresAt ? { expiresAt } : {}) };
      const host = await deps.visitors.lookups.hostContact(invitation.hostId);
      return {
        valid: true,
        kind: 'invitation' as const,
        ...(expiresAt ? { expiresAt } : {}),
        invitation: { ...invitation, hostName: host?.name ?? null },
      };
    },
  );

  app.post(
    '/api/visitors/revoke-token',
    { schema: { tags, body: RevokeTokenBody, response: { 200: RevokeTokenResponse } } },
    async (request, reply) => {
      const { token } = request.body;
      const target = await tokenTarget(deps.visitors.log, token);
      if (target === undefined) throw new VisitNotFoundError('TOKEN_UNKNOWN', 'This token is not known.');
      requireTokenRevoker(request, target);
      const body = await idempotent(request, deps.idempotency, async () => {
        const result = await revokeToken(deps.visitors.log, token, commandContext(request));
        return { id: result.streamId, revoked: true as const, kind: target.kind, ...strings(result) };
      });
      return send(reply, body, { status: 200 });
    },
  );
}
