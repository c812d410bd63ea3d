/** The knex engine (MySQL/MariaDB): the head row is locked FOR UPDATE by every append. */
import type { Knex } from 'knex';
import { isMysql } from '../../db/knex-connection.js';
import type { EventFilter, ReadStreamOptions } from '../event-store.port.js';
import type { EventRow, SqlEngine, StreamTail } from './sql-engine.js';
import { EVENTS_TABLE, HEAD_TABLE } from './sql-schema.js';

export function knexEngine(db: Knex): SqlEngine {
  const lockHead = isMysql(db);
  return {
    append: (streamId, build) =>
      db.transaction(async (trx) => {
        const headQuery = trx(HEAD_TABLE).select('position').where({ id: 1 });
        const head = await (lockHead ? headQuery.forUpdate() : headQuery).first<{
          position: number | string;
        }>();
        const last = await trx(EVENTS_TABLE)
          .select('revision', 'hash')
          .where({ stream_id: streamId })
          .orderBy('revision', 'desc')
          .first<{ revision: number | string; hash: string } | undefined>();
        const tail: StreamTail =
          last === undefined ? undefined : { revision: BigInt(last.revision), hash: last.hash };
        const rows = build(tail, BigInt(head?.position ?? 0));
        for (let i = 0; i < rows.length; i += 500) await trx(EVENTS_TABLE).insert(rows.slice(i, i + 500));
        await trx(HEAD_TABLE)
          .update({ position: rows[rows.length - 1]!.global_position })
          .where({ id: 1 });
        return rows;
      }),
    readStream: async (streamId: string, opts: ReadStreamOptions) => {
      const backwards = opts.direction === 'backwards';
      const query = db(EVENTS_TABLE)
        .where({ stream_id: streamId })
        .orderBy('revision', backwards ? 'desc' : 'asc');
      if (opts.fromRevision !== undefined)
        void query.where('revision', backwards ? '<=' : '>=', String(opts.fromRevision));
      if (opts.maxCount !== undefined) void query.limit(opts.maxCount);
      return (await query) as EventRow[];
    },
    readPage: async (from: bigint, upTo: bigint | undefined, limit: number, filter?: EventFilter) => {
      const query = db(EVENTS_TABLE)
        .where('global_position', '>', String(from))
        .orderBy('global_position')
        .limit(limit);
      if (upTo !== undefined) void query.where('global_position', '<=', String(upTo));
      if (filter?.eventTypes !== undefined) void query.whereIn('type', filter.eventTypes);
      const prefixes = filter?.streamPrefixes;
      if (prefixes !== undefined)
        void query.where((q) => {
          for (const p of prefixes) void q.orWhereRaw('substr(stream_id, 1, ?) = ?', [p.length, p]);
        });
      return (await query) as EventRow[];
    },
    head: async () => {
      const head = await db(HEAD_TABLE)
        .select('position')
        .where({ id: 1 })
        .first<{ position: number | string }>();
      return BigInt(head?.position ?? 0);
    },
    close: () => db.destroy(),
  };
}
