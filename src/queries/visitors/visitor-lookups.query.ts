/**
 * The read-model lookups the visitors use cases take as ports: the host's contact details
 * (users read model) and whether a visitor matches an active watch-list entry. Both are
 * batched: the look-ups of one turn of the event loop share one query (batched-lookup.ts).
 */
import type { Knex } from 'knex';
import { normalizeName } from '../../projections/visitors/normalize-name.js';
import { batchedLookup } from '../../db/batched-lookup.js';

export type VisitorLookupsFromDb = {
  readonly hostContact: (hostId: string) => Promise<{ name: string; phone: string | null } | undefined>;
  readonly watchlistHit: (visitor: {
    firstName: string;
    lastName: string;
    email: string | null;
  }) => Promise<string | null>;
};

type WatchlistRow = { entry_id: string; name_key: string; email_key: string | null };

export function visitorLookups(db: Knex): VisitorLookupsFromDb {
  const contacts = batchedLookup<string, { name: string; phone: string | null }>(async (ids) => {
    const rows = await db<{ id: string; name: string; phone: string | null }>('users')
      .whereIn('id', ids)
      .select('id', 'name', 'phone');
    return new Map(rows.map((row) => [row.id, { name: row.name, phone: row.phone }]));
  });

  // Keyed by a visitor as the watch list matches them: [email or '', normalised name].
  const watchlist = batchedLookup<string, string>(async (keys) => {
    const wanted = keys.map((key) => {
      const [email, nameKey] = JSON.parse(key) as [string, string];
      return { key, email, nameKey };
    });
    const emails = [...new Set(wanted.flatMap((w) => (w.email === '' ? [] : [w.email])))];
    const rows = await db<WatchlistRow & { active: boolean }>('visitor_watchlist')
      .where({ active: true })
      .where((w) => {
        void w.whereIn('name_key', [...new Set(wanted.map((x) => x.nameKey))]);
        if (emails.length > 0) void w.orWhereIn('email_key', emails);
      })
      .select('entry_id', 'name_key', 'email_key');
    const hits = new Map<string, string>();
    for (const { key, email, nameKey } of wanted) {
      const hit =
        (email === '' ? undefined : rows.find((row) => row.email_key === email)) ??
        rows.find((row) => row.name_key === nameKey);
      if (hit !== undefined) hits.set(key, hit.entry_id);
    }
    return hits;
  });

  return {
    hostContact: contacts,
    watchlistHit: async (visitor) => {
      const nameKey = normalizeName(`${visitor.firstName} ${visitor.lastName}`);
      const email = visitor.email?.trim().toLowerCase() ?? '';
      return (await watchlist(JSON.stringify([email, nameKey]))) ?? null;
    },
  };
}
