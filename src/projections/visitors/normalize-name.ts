/**
 * The search form of a name: lower case, accents stripped, spaces collapsed. Queries
 * normalise the search term the same way and match on a prefix, so an index serves it.
 */
export function normalizeName(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
