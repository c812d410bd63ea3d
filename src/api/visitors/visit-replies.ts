/** What the visitors command routes answer with: stored results as strings, replies with ETags. */
import type { FastifyReply } from 'fastify';
import type { CommandResult } from '../../commands/handle-command.js';
import { commandReply, type CommandReplyOptions } from '../command-http.js';
import type { VisitorsModuleDeps } from './visitors.module.js';

type Stored = { id: string; revision: string; position: string };

/** Idempotency keeps strings; the reply wants bigints back for the ETag. */
export function send<B extends Stored>(reply: FastifyReply, body: B, options: CommandReplyOptions) {
  return commandReply(
    reply,
    { ...body, revision: BigInt(body.revision), position: BigInt(body.position) },
    options,
  );
}

export const strings = (result: CommandResult) => ({
  revision: result.revision.toString(),
  position: result.position.toString(),
});

/** Where a token's holder checks in (the kiosk page of VISITOR_CHECKIN_URL). */
export const checkInUrlFor = (deps: Pick<VisitorsModuleDeps, 'checkInUrl'>, token: string): string =>
  `${deps.checkInUrl}?token=${encodeURIComponent(token)}`;
