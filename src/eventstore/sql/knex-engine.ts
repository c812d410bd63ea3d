/**
 * The knex engine (MySQL/MariaDB): the head row is locked FOR UPDATE by every append
 * transaction, and concurrent appends of this process share one such transaction.
 */
import type { Knex } from 'knex';
import { isMysql } from '../../db/knex-connection.js';
import type { EventFilter, ReadStreamOptions } from '../event-store.port.js';
import type { EventRow, SqlEngine, StreamTail } from './sql-engine.js';
import { EVENTS_TABLE, HEAD_TABLE } from './sql-schema.js';

type AppendJob = {
  readonly streamId: string;
  readonly build: (tail: StreamTail, head: bigint) => EventRow[];
  readonly resolve: (rows: EventRow[]) => void;
  readonly reject: (error: unknown) => void;
};

type TailRow = { stream_id: string; revision: number | string; hash: string };

/** Most appends one group transaction carries. */
const GROUP_LIMIT = 200;

export function knexEngine(db: Knex): SqlEngine {
  const lockHead = isMysql(db);

  /** The last event of each stream, read in one query. */
  async function tails(trx: Knex.Transaction, streams: readonly string[]): Promise<Map<string, StreamTail>> {
    const latest = trx(EVENTS_TABLE)
      .select('stream_id')
      .max('revision as revision')
      .whereIn('stream_id', streams)
      .groupBy('stream_id')
      .as('t');
    const rows = await trx(`${EVENTS_TABLE} as e`)
      .join(latest, (on) => {
        void on.on('e.stream_id', '=', 't.stream_id').andOn('e.revision', '=', 't.revision');
      })
      .select<TailRow[]>('e.stream_id', 'e.revision', 'e.hash');
    return new Map(rows.map((r) => [r.stream_id, { revision: BigInt(r.revision), hash: r.hash }]));
  }

  /**
   * One transaction for a group of appends: the head locked once, every stream's tail read in
   * one query, the rows of all appends that pass their expected revision inserted together.
   * An append that fails its check is refused alone, before anything is written.
   */
  function appendGroup(jobs: readonly AppendJob[]) {
    return db.transaction(async (trx) => {
      const headQuery = trx(HEAD_TABLE).select('position').where({ id: 1 });
      const headRow = await (lockHead ? headQuery.forUpdate() : headQuery).first<{
        position: number | string;
      }>();
      let head = BigInt(headRow?.position ?? 0);
      const known = await tails(trx, [...new Set(jobs.map((j) => j.streamId))]);
      const outcomes = jobs.map((job) => {
        try {
          const rows = job.build(known.get(job.streamId), head);
          const last = rows[rows.length - 1]!;
          head = BigInt(last.global_position);
          known.set(job.streamId, { revision: BigInt(last.revision), hash: last.hash });
          return { rows };
        } catch (error) {
          return { error };
        }
      });
      const rows = outcomes.flatMap((o) => ('rows' in o ? o.rows : []));
      for (let i = 0; i < rows.length; i += 500) await trx(EVENTS_TABLE).insert(rows.slice(i, i + 500));
      if (rows.length > 0)
        await trx(HEAD_TABLE)
          .update({ position: String(head) })
          .where({ id: 1 });
      return outcomes;
    });
  }

  // Group commit: appends that arrive while a group transaction runs wait and go together in
  // the next one, so concurrent commands share the head lock and the commit's log flush.
  let queue: AppendJob[] = [];
  let flushing = false;
  async function flush(): Promise<void> {
    flushing = true;
    while (queue.length > 0) {
      const jobs = queue.slice(0, GROUP_LIMIT);
      queue = queue.slice(jobs.length);
      try {
        const outcomes = await appendGroup(jobs);
        outcomes.forEach((o, i) => ('rows' in o ? jobs[i]!.resolve(o.rows) : jobs[i]!.reject(o.error)));
      } catch (error) {
        // A group that failed as a whole is retried one append at a time, so one bad append
        // cannot fail the others.
        if (jobs.length === 1) jobs[0]!.reject(error);
        else for (const job of jobs) await appendAlone(job);
      }
    }
    flushing = false;
  }

  async function appendAlone(job: AppendJob): Promise<void> {
    try {
      const [outcome] = await appendGroup([job]);
      if (outcome !== undefined && 'rows' in outcome) job.resolve(outcome.rows);
      else job.reject(outcome?.error);
    } catch (error) {
      job.reject(error);
    }
  }

  return {
    append: (streamId, build) =>
      new Promise<EventRow[]>((resolve, reject) => {
        queue.push({ streamId, build, resolve, reject });
        if (!flushing) void flush();
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
