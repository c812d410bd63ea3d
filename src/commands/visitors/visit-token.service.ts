/**
 * Check-in tokens: 256 random bits, handed out once; the log keeps only their SHA-256, which
 * also names the token's stream. Validity: an invitation's token from the start of the
 * arrival day to the end of the departure day (UTC); a walk-in token for a few minutes.
 * A token not yet used can be revoked; who may revoke it is the API's rule, on its target.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CommandContext } from '../../events/envelope.js';
import { visitStream, visitTokenStream } from '../../events/visitors/visit.events.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { fold } from '../decider.js';
import { handleCommand, type CommandResult } from '../handle-command.js';
import {
  checkToken,
  visitTokenDecider,
  type TokenCheck,
  type VisitTokenCommand,
  type VisitTokenState,
} from './visit-token.decider.js';
import { visitDecider } from './visit.decider.js';

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

function decideOnToken(
  log: EventStore,
  token: string,
  command: (tokenHash: string) => VisitTokenCommand,
  context: CommandContext,
): Promise<CommandResult> {
  const tokenHash = hashToken(token);
  return handleCommand(log, visitTokenStream.name(tokenHash), visitTokenDecider, command(tokenHash), context);
}

export function useToken(
  log: EventStore,
  token: string,
  visitId: string,
  context: CommandContext,
): Promise<CommandResult> {
  return decideOnToken(
    log,
    token,
    (tokenHash) => ({ type: 'UseVisitToken', tokenHash, visitId, now: context.now }),
    context,
  );
}

/** Revokes a token not yet used; revoking it again changes nothing (used or unknown: refused). */
export function revokeToken(log: EventStore, token: string, context: CommandContext): Promise<CommandResult> {
  return decideOnToken(
    log,
    token,
    (tokenHash) => ({ type: 'RevokeVisitToken', tokenHash, now: context.now }),
    context,
  );
}

/** What decides who may revoke a token: its kind and, for an invitation's, the visit's host. */
export type TokenTarget = { readonly kind: 'invitation' | 'walk_in'; readonly hostId: string | null };

/** The token's kind and host, or undefined for a token never issued. */
export async function tokenTarget(log: EventStore, token: string): Promise<TokenTarget | undefined> {
  const state = await readToken(log, token);
  if (state.status === 'absent') return undefined;
  if (state.kind === 'walk_in' || state.visitId === null) return { kind: state.kind, hostId: null };
  const visit = fold(visitDecider, (await log.readStream(visitStream.name(state.visitId))) as never);
  return { kind: state.kind, hostId: visit.status === 'absent' ? null : visit.hostId };
}

export type TokenValidation = { readonly check: TokenCheck; readonly state: VisitTokenState };

export async function validateToken(log: EventStore, token: string, now: Date): Promise<TokenValidation> {
  const state = await readToken(log, token);
  return { check: checkToken(state, now), state };
}
