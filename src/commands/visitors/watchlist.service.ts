/** Watch-list use cases: security adds and removes entries; each entry is its own stream. */
import { newId } from '../new-id.js';
import { actorIdOf } from '../../events/audit/actor-id.js';
import type { CommandContext } from '../../events/envelope.js';
import { watchlistEntryStream } from '../../events/visitors/watchlist.events.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { handleCommand, type CommandResult } from '../handle-command.js';
import { watchlistDecider } from './watchlist.decider.js';

export type NewWatchlistEntry = {
  readonly firstName: string;
  readonly lastName: string;
  readonly email?: string | undefined;
  readonly reason: string;
};

export async function addToWatchlist(
  log: EventStore,
  input: NewWatchlistEntry,
  context: CommandContext,
): Promise<CommandResult & { entryId: string }> {
  const entryId = newId();
  const result = await handleCommand(
    log,
    watchlistEntryStream.name(entryId),
    watchlistDecider,
    {
      type: 'AddToWatchlist',
      entryId,
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email ?? null,
      reason: input.reason,
      actorId: actorIdOf(context.actor),
      now: context.now,
    },
    context,
  );
  return { ...result, entryId };
}

export function removeFromWatchlist(
  log: EventStore,
  entryId: string,
  context: CommandContext,
): Promise<CommandResult> {
  return handleCommand(
    log,
    watchlistEntryStream.name(entryId),
    watchlistDecider,
    {
      type: 'RemoveFromWatchlist',
      entryId,
      actorId: actorIdOf(context.actor),
      now: context.now,
    },
    context,
  );
}
