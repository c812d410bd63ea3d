/**
 * Lists whose items the database has already serialised (the visits' JSON views): the page is
 * written as JSON text as it is, without the response serializer parsing and stringifying it
 * again. The route's response schema still documents the page; tests parse such answers with it.
 */
import type { FastifyReply } from 'fastify';
import type { Page } from '../queries/pagination.js';

export function sendJsonPage(reply: FastifyReply, page: Page<string>): FastifyReply {
  const body = `{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`;
  return reply.type('application/json; charset=utf-8').send(body);
}
