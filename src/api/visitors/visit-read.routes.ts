/** The visitors read routes: history, roll call, visit detail, entry pass, statistics, notifications. */
import { z } from 'zod';
import { NotFoundError } from '../../commands/domain-error.js';
import { endOfDay } from '../../commands/visitors/visit.decider.js';
import { getVisit, listActiveVisits, listVisits } from '../../queries/visitors/list-visits.query.js';
import { visitStats } from '../../queries/visitors/visit-stats.query.js';
import { listNotifications } from '../../queries/visitors/watchlist.query.js';
import type { ApiInstance } from '../app-deps.js';
import { sendJsonPage } from '../json-page.js';
import { PageQuery, pageOf } from '../auth/identity.schemas.js';
import { badgePdf, qrPng, signPassToken } from './entry-pass.js';
import { ownHostFilter } from './visitor-access.js';
import type { VisitorsModuleDeps } from './visitors.module.js';
import {
  EntryPassQuery,
  EntryPassResponse,
  HistoryQuery,
  NotificationItem,
  NotificationsQuery,
  StatsQuery,
  StatsResponse,
  VisitDetail,
  VisitIdParams,
  VisitItem,
} from './visitors.schemas.js';

const tags = ['visitors'];
// The projectors whose read models each route reads: X-Min-Position waits for these alone.
const visitModels = { readModels: ['visits', 'users'] };
const statsModels = { readModels: ['visit-stats'] };
const notificationModels = { readModels: ['visitor-notifications'] };

// format=pdf and format=png answer bytes, which Fastify sends as they are (no serialisation).
const EntryPassOrFile = z.union([
  EntryPassResponse,
  z.any().describe('format=pdf: the PDF badge; format=png: the QR code'),
]);

export function visitReadRoutes(app: ApiInstance, deps: VisitorsModuleDeps): void {
  app.get(
    '/api/visitors/history',
    {
      schema: { tags, querystring: HistoryQuery, response: { 200: pageOf(VisitItem) } },
      config: visitModels,
    },
    async (request, reply) => {
      const own = ownHostFilter(request);
      const filter = { ...request.query, ...(own === undefined ? {} : { hostId: own }) };
      return sendJsonPage(reply, await listVisits(deps.readDb, filter));
    },
  );

  app.get(
    '/api/visitors/active',
    { schema: { tags, querystring: PageQuery, response: { 200: pageOf(VisitItem) } }, config: visitModels },
    async (request, reply) =>
      sendJsonPage(
        reply,
        await listActiveVisits(deps.readDb, { ...request.query, hostId: ownHostFilter(request) }),
      ),
  );

  app.get(
    '/api/visitors/stats',
    { schema: { tags, querystring: StatsQuery, response: { 200: StatsResponse } }, config: statsModels },
    async (request) => visitStats(deps.readDb, request.query.from, request.query.to),
  );

  app.get(
    '/api/visitors/:visitId',
    { schema: { tags, params: VisitIdParams, response: { 200: VisitDetail } }, config: visitModels },
    async (request) => {
      const visit = await getVisit(deps.readDb, request.params.visitId);
      const own = ownHostFilter(request);
      // Someone else's visit reads as absent: its existence is not the caller's business.
      if (visit === undefined || (own !== undefined && visit.hostId !== own))
        throw new NotFoundError('visit not found');
      return visit;
    },
  );

  app.get(
    '/api/visitors/entry-pass',
    {
      schema: { tags, querystring: EntryPassQuery, response: { 200: EntryPassOrFile } },
      config: visitModels,
    },
    async (request, reply) => {
      const visit = await getVisit(deps.readDb, request.query.visitId);
      const own = ownHostFilter(request);
      if (visit === undefined || (own !== undefined && visit.hostId !== own))
        throw new NotFoundError('visit not found');
      if (visit.status !== 'checked_in' && visit.status !== 'pending_approval')
        throw new NotFoundError('there is no entry pass for a visitor who is not on site');
      const validUntil =
        visit.expectedDeparture ?? endOfDay(visit.checkedInAt ?? new Date().toISOString()).toISOString();
      const qr = await signPassToken(deps.passKey, visit.visitId, visit.badgeNumber, new Date(validUntil));
      const pass = {
        visitId: visit.visitId,
        visitorName: visit.visitorName,
        company: visit.company,
        hostName: visit.hostName,
        purpose: visit.purpose,
        badgeNumber: visit.badgeNumber,
        checkedInAt: visit.checkedInAt,
        validUntil,
        qr,
      };
      reply.header('cache-control', 'no-store');
      if (request.query.format === 'png') return reply.type('image/png').send(await qrPng(qr));
      if (request.query.format === 'pdf')
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="badge-${visit.visitId}.pdf"`)
          .send(await badgePdf(pass));
      return pass;
    },
  );

  app.get(
    '/api/notifications',
    {
      schema: { tags, querystring: NotificationsQuery, response: { 200: pageOf(NotificationItem) } },
      config: notificationModels,
    },
    async (request) =>
      listNotifications(deps.readDb, { ...request.query, recipient: ownHostFilter(request) }),
  );
}
