/**
 * The SQLite engine: better-sqlite3 prepared statements on a connection of its own to the
 * same file. A synchronous transaction cannot interleave with other JavaScript, and SQLite
 * has one writer, so positions are gapless and commit in order without any lock of ours.
 */
import Database from 'better-sqlite3';
import type { Knex } from 'knex';
import { sqliteFileOf, tuneSqliteReads } from '../../db/knex-connection.js';
import type { EventFilter, ReadStreamOptions } from '../event-store.port.js';
import type { EventRow, SqlEngine, StreamTail } from './sql-engine.js';
import { EVENTS_TABLE, HEAD_TABLE } from './sql-schema.js';

type AppendJob = {
  readonly streamId: string;
  readonly build: (tail: StreamTail, head: bigint) => EventRow[];
  readonly resolve: (rows: EventRow[]) => void;
  readonly reject: (error: unknown) => void;
};

export function sqliteEngine(db: Knex): SqlEngine {
  const filename = sqliteFileOf(db);
  const conn = new Database(filename);
  conn.pragma('journal_mode = WAL');
  conn.pragma('synchronous = NORMAL');
  conn.pragma('busy_timeout = 5000');
  tuneSqliteReads(conn);
  conn.defaultSafeIntegers(true);
  const columns = 'global_position, stream_id, revision, event_id, type, data, metadata, hash, prev_hash';
  const headStmt = conn.prepare<[], { position: bigint }>(`SELECT position FROM ${HEAD_TABLE} WHERE id = 1`);
  const tailStmt = conn.prepare<[string], { revision: bigint; hash: string }>(
    `SELECT revision, hash FROM ${EVENTS_TABLE} WHERE stream_id = ? ORDER BY revision DESC LIMIT 1`,
  );
  const insertStmt = conn.prepare(
    `INSERT INTO ${EVENTS_TABLE} (${columns}) VALUES (@global_position, @stream_id, @revision, @event_id, @type, @data, @metadata, @hash, @prev_hash)`,
  );
  const setHeadStmt = conn.prepare(`UPDATE ${HEAD_TABLE} SET position = ? WHERE id = 1`);
  const pageStatements = new Map<string, Database.Statement<unknown[], EventRow>>();

  // One append's writes; nested inside the group transaction it runs as a savepoint, so a
  // failing append (a wrong expected revision) rolls back alone.
  const appendOne = conn.transaction((job: AppendJob, head: bigint) => {
    const last = tailStmt.get(job.streamId);
    const rows = job.build(
      last === undefined ? undefined : { revision: last.revision, hash: last.hash },
      head,
    );
    for (const row of rows) insertStmt.run(row);
    return rows;
  });
  // Group commit: appends that arrive in the same tick share one transaction (one WAL commit),
  // which is what lets concurrent commands reach thousands of appends a second.
  const appendGroup = conn.transaction((jobs: AppendJob[]) => {
    let head = headStmt.get()?.position ?? 0n;
    const outcomes = jobs.map((job) => {
      try {
        const rows = appendOne(job, head);
        head = BigInt(rows[rows.length - 1]!.global_position);
        return { rows };
      } catch (error) {
        return { error };
      }
    });
    setHeadStmt.run(head);
    return outcomes;
  });
  let queue: AppendJob[] = [];
  const flush = () => {
    const jobs = queue;
    queue = [];
    try {
      // BEGIN IMMEDIATE takes the write lock up front, so another process can't fail us mid-way.
      const outcomes = appendGroup.immediate(jobs);
      outcomes.forEach((o, i) => ('rows' in o ? jobs[i]!.resolve(o.rows) : jobs[i]!.reject(o.error)));
    } catch (error) {
      for (const job of jobs) job.reject(error);
    }
  };
  const append = (streamId: string, build: (tail: StreamTail, head: bigint) => EventRow[]) =>
    new Promise<EventRow[]>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ streamId, build, resolve, reject });
    });

  const readStream = (streamId: string, opts: ReadStreamOptions) => {
    const backwards = opts.direction === 'backwards';
    const from = opts.fromRevision === undefined ? '' : `AND revision ${backwards ? '<=' : '>='} @from`;
    const sql = `SELECT ${columns} FROM ${EVENTS_TABLE} WHERE stream_id = @stream ${from} ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT @limit`;
    return Promise.resolve(
      statement(sql).all({ stream: streamId, from: opts.fromRevision ?? 0n, limit: opts.maxCount ?? -1 }),
    );
  };

  function statement(sql: string): Database.Statement<unknown[], EventRow> {
    let stmt = pageStatements.get(sql);
    if (stmt === undefined) {
      if (pageStatements.size > 200) pageStatements.clear();
      stmt = conn.prepare<unknown[], EventRow>(sql);
      pageStatements.set(sql, stmt);
    }
    return stmt;
  }

  const readPage = (from: bigint, upTo: bigint | undefined, limit: number, filter?: EventFilter) => {
    const types = filter?.eventTypes ?? [];
    const prefixes = filter?.streamPrefixes ?? [];
    const where = [
      'global_position > ?',
      upTo === undefined ? undefined : 'global_position <= ?',
      filter?.eventTypes === undefined ? undefined : `type IN (${types.map(() => '?').join(',') || 'NULL'})`,
      filter?.streamPrefixes === undefined
        ? undefined
        : `(${prefixes.map(() => 'substr(stream_id, 1, ?) = ?').join(' OR ') || '0'})`,
    ].filter((w) => w !== undefined);
    const sql = `SELECT ${columns} FROM ${EVENTS_TABLE} WHERE ${where.join(' AND ')} ORDER BY global_position LIMIT ?`;
    const params = [
      from,
      ...(upTo === undefined ? [] : [upTo]),
      ...types,
      ...prefixes.flatMap((p) => [p.length, p]),
      limit,
    ];
    return Promise.resolve(statement(sql).all(...params));
  };

  return {
    append,
    readStream,
    readPage,
    head: () => Promise.resolve(headStmt.get()?.position ?? 0n),
    close: async () => {
      conn.close();
      await db.destroy();
    },
  };
}
