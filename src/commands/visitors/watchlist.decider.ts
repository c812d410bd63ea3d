/** A watch-list entry: added by security, removed again; removal of a removed entry is a no-op. */
import type { WatchlistEvent } from '../../events/visitors/watchlist.events.js';
import { assertNever, type Decider } from '../decider.js';
import { DomainError, NotFoundError } from '../domain-error.js';

export type WatchlistCommand =
  | {
      readonly type: 'AddToWatchlist';
      readonly entryId: string;
      readonly firstName: string;
      readonly lastName: string;
      readonly email: string | null;
      readonly reason: string;
      readonly actorId: string;
      readonly now: Date;
    }
  | {
      readonly type: 'RemoveFromWatchlist';
      readonly entryId: string;
      readonly actorId: string;
      readonly now: Date;
    };

export type WatchlistState = { readonly status: 'absent' | 'listed' | 'removed' };

export const watchlistDecider: Decider<WatchlistCommand, WatchlistState, WatchlistEvent> = {
  initialState: { status: 'absent' },
  decide: (command, state) => {
    switch (command.type) {
      case 'AddToWatchlist': {
        if (state.status !== 'absent')
          throw new DomainError('WATCHLIST_ENTRY_EXISTS', 'this entry already exists');
        const { type: _type, actorId, now, ...entry } = command;
        return [
          { type: 'WatchlistEntryAdded', data: { ...entry, addedBy: actorId, addedAt: now.toISOString() } },
        ];
      }
      case 'RemoveFromWatchlist':
        if (state.status === 'absent') throw new NotFoundError('watch-list entry not found');
        if (state.status === 'removed') return [];
        return [
          {
            type: 'WatchlistEntryRemoved',
            data: {
              entryId: command.entryId,
              removedBy: command.actorId,
              removedAt: command.now.toISOString(),
            },
          },
        ];
      default:
        return assertNever(command);
    }
  },
  evolve: (_state, event) => ({ status: event.type === 'WatchlistEntryAdded' ? 'listed' : 'removed' }),
};
