/**
 * The read-model lookups the visitors use cases take as ports: the host's contact details
 * (users read model) and whether a visitor matches an active watch-list entry.
 */
import type { Knex } from 'knex';
import { normalizeName } from '../../projections/visitors/normalize-name.js';

export type VisitorLookupsFromDb = {
  readonly hostContact: (hostId: string) => Promise<{ name: string; phone: string | null } | undefined>;
  readonly watchlistHit: (visitor: {
    firstName: string;
    lastName: string;
    email: string | null;
  }) => Promise<string | null>;
};

export function visitorLookups(db: Knex): VisitorLookupsFromDb {
  return {
    hostContact: async (hostId) => {
      const row = await db<{ id: string; name: string; phone: string | null }>('users')
        .where({ id: hostId })
        .first('name', 'phone');
      return row === undefined ? undefined : { name: row.name, phone: row.phone };
    },
    watchlistHit: async (visitor) => {
      const nameKey = normalizeName(`${visitor.firstName} ${visitor.lastName}`);
      const email = visitor.email?.trim().toLowerCase();
      const row = await db<{ entry_id: string; active: boolean; name_key: string; email_key: string | null }>(
        'visitor_watchlist',
      )
        .where({ active: true })
        .where((w) => {
          void w.where('name_key', nameKey);
          if (email !== undefined && email.length > 0) void w.orWhere('email_key', email);
        })
        .first('entry_id');
      return row?.entry_id ?? null;
    },
  };
}
