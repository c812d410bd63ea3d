/**
 * The one shape every command route shares: run the work once per
 * Idempotency-Key (keeping only ids and positions, never personal data), then answer with
 * ETag, Location and `{ id, revision, position, ... }`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotencyStore } from '../commands/idempotency.js';
import type { CommandContext } from '../events/envelope.js';
import { commandContext, idempotent } from './command-context.js';
import { commandReply, expectedRevisionFrom, type CommandBody } from './command-http.js';

type Outcome = { readonly id: string; readonly revision: bigint; readonly position: bigint };

export async function runCommand<R extends Outcome>(
  request: FastifyRequest,
  reply: FastifyReply,
  store: IdempotencyStore,
  work: (context: CommandContext, expectedRevision: bigint | undefined) => Promise<R>,
  answer: { readonly status: 200 | 201 | 202; readonly location?: (id: string) => string },
): Promise<CommandBody<R>> {
  const expected = expectedRevisionFrom(request);
  const body = await idempotent(request, store, async () => {
    const { revision, position, ...rest } = await work(commandContext(request), expected);
    return { ...rest, revision: revision.toString(), position: position.toString() };
  });
  return commandReply(
    reply,
    { ...body, revision: BigInt(body.revision), position: BigInt(body.position) } as unknown as R,
    answer.location === undefined
      ? { status: answer.status }
      : { status: answer.status, location: answer.location(body.id) },
  );
}
