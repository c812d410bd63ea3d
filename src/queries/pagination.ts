/**
 * Keyset pagination for every list (API.md: `limit` default 50, max 500; opaque `cursor`).
 * The cursor holds the sort key of the last row, so pages stay stable while rows are added.
 */
import type { Knex } from 'knex';

export type Page<T> = { readonly items: T[]; readonly nextCursor: string | null };
export type PageRequest = { readonly limit?: number | undefined; readonly cursor?: string | undefined };

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('the cursor is not valid for this list');
    this.name = 'InvalidCursorError';
  }
}

/**
 * Pages `query` ordered by `columns` (the last must be unique). `direction` applies to all.
 * Rows come back raw; the caller maps them.
 */
export async function paginate<Row extends Record<string, unknown>>(
  query: Knex.QueryBuilder,
  columns: readonly string[],
  request: PageRequest,
  direction: 'asc' | 'desc' = 'asc',
): Promise<Page<Row>> {
  const limit = keysetWindow(query, columns, request, direction);
  const rows = (await query) as Row[];
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last !== undefined
      ? encodeCursor(columns.map((c) => last[c.split('.').pop()!]))
      : null;
  return { items, nextCursor };
}

/**
 * Narrows `query` to the rows of the page `request` asks for and one more (which tells
 * whether another page follows): after the cursor, in order, limited. Returns the page size.
 * paginate runs it on the whole query; a query that unions several index ranges also runs it
 * on each range, so that each reads no more than a page.
 */
export function keysetWindow(
  query: Knex.QueryBuilder,
  columns: readonly string[],
  request: PageRequest,
  direction: 'asc' | 'desc',
): number {
  const limit = Math.min(Math.max(request.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  if (request.cursor !== undefined) {
    const after = decodeCursor(request.cursor, columns.length);
    const op = direction === 'asc' ? '>' : '<';
    // Row-value comparison spelled out, so it works on SQLite and MySQL alike and uses the index prefix.
    void query.where((q) => {
      columns.forEach((_, i) => {
        void q.orWhere((inner) => {
          for (let j = 0; j < i; j++) void inner.where(columns[j]!, '=', after[j] as never);
          void inner.where(columns[i]!, op, after[i] as never);
        });
      });
    });
  }
  for (const column of columns) void query.orderBy(column, direction);
  void query.limit(limit + 1);
  return limit;
}

function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === length) return values;
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

export function mapPage<A, B>(page: Page<A>, map: (row: A) => B): Page<B> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}
