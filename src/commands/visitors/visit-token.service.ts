/**
 * Check-in tokens: 256 random bits, handed out once; the log keeps only their SHA-256, which
 * also names the token's stream. Validity: an invitation's token from the start of the
 * arrival day to the end of the departure day (UTC); a walk-in token for a few minutes.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CommandContext } from '../../events/envelope.js';
import { visitTokenStream } from '../../events/visitors/visit.events.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { fold } from '../decider.js';
import { handleCommand, type CommandResult } from '../handle-command.js';
import {
  checkToken,
  visitTokenDecider,
  type TokenCheck,
  type VisitTokenState,
} from './visit-token.decider.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export type IssuedToken = {
  readonly token: string;
  readonly expiresAt: Date;
  readonly result: CommandResult;
};

export async function issueToken(
  log: EventStore,
  input: {
    readonly kind: 'invitation' | 'walk_in';
    readonly visitId: string | null;
    readonly validFrom: Date;
    readonly validUntil: Date;
  },
  context: CommandContext,
): Promise<IssuedToken> {
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  const result = await handleCommand(
    log,
    visitTokenStream.name(tokenHash),
    visitTokenDecider,
    { type: 'IssueVisitToken', tokenHash, ...input, now: context.now },
    context,
  );
  return { token, expiresAt: input.validUntil, result };
}

export async function readToken(log: EventStore, token: string): Promise<VisitTokenState> {
  // Anything that is not one of our tokens is unknown without touching the store's index.
  if (!/^[\w-]{20,100}$/.test(token)) return { status: 'absent' };
  return fold(visitTokenDecider, (await log.readStream(visitTokenStream.name(hashToken(token)))) as never);
}

export async function useToken(
  log: EventStore,
  token: string,
  visitId: string,
  context: CommandContext,
): Promise<CommandResult> {
  const tokenHash = hashToken(token);
  return handleCommand(
    log,
    visitTokenStream.name(tokenHash),
    visitTokenDecider,
    { type: 'UseVisitToken', tokenHash, visitId, now: context.now },
    context,
  );
}

export type TokenValidation = { readonly check: TokenCheck; readonly state: VisitTokenState };

export async function validateToken(log: EventStore, token: string, now: Date): Promise<TokenValidation> {
  const state = await readToken(log, token);
  return { check: checkToken(state, now), state };
}
