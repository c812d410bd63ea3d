/**
 * Parked events: events a projector still failed on after its retries, skipped by the
 * `park` policy. A row names the event (position, stream, type) and the error, never the
 * event's data, which may hold personal fields in clear.
 */
import type { Knex } from 'knex';
import type { RecordedEvent } from '../../events/envelope.js';
import { PARKED_TABLE } from './projection-runtime.schema.js';

export type ParkedEvent = {
  readonly projector: string;
  readonly generation: number;
  readonly position: bigint;
  readonly streamId: string;
  readonly type: string;
  readonly error: string;
  readonly attempts: number;
  /** ISO-8601. */
  readonly parkedAt: string;
};

type ParkedRow = {
  projector: string;
  generation: number | string;
  position: number | string;
  stream_id: string;
  type: string;
  error: string;
  attempts: number | string;
  parked_at: number | string;
};

export async function parkEvent(
  db: Knex,
  park: { projector: string; generation: number; event: RecordedEvent; error: unknown; attempts: number },
): Promise<void> {
  const row = {
    projector: park.projector,
    generation: park.generation,
    position: String(park.event.position),
    stream_id: park.event.streamId,
    type: park.event.type,
    error: describeError(park.error),
    attempts: park.attempts,
    parked_at: Date.now(),
  };
  await db(PARKED_TABLE)
    .insert(row)
    .onConflict(['projector', 'generation', 'position'])
    .merge(['error', 'attempts', 'parked_at']);
}

export async function listParked(db: Knex, projector: string): Promise<ParkedEvent[]> {
  const rows = await db<ParkedRow>(PARKED_TABLE)
    .where({ projector })
    .orderBy([{ column: 'generation' }, { column: 'position' }]);
  return rows.map((r) => ({
    projector: r.projector,
    generation: Number(r.generation),
    position: BigInt(r.position),
    streamId: r.stream_id,
    type: r.type,
    error: r.error,
    attempts: Number(r.attempts),
    parkedAt: new Date(Number(r.parked_at)).toISOString(),
  }));
}

/** Parked events per projector, counting only each projector's serving generation. */
export async function countParked(
  db: Knex,
  generations: ReadonlyMap<string, number>,
): Promise<Map<string, number>> {
  const rows = await db<ParkedRow>(PARKED_TABLE)
    .select('projector', 'generation')
    .count({ n: '*' })
    .groupBy('projector', 'generation');
  const counts = new Map<string, number>();
  for (const row of rows as unknown as {
    projector: string;
    generation: number | string;
    n: number | string;
  }[])
    if (generations.get(row.projector) === Number(row.generation)) counts.set(row.projector, Number(row.n));
  return counts;
}

export async function removeParked(
  db: Knex,
  projector: string,
  generation: number,
  position: bigint,
): Promise<number> {
  return db(PARKED_TABLE)
    .where({ projector, generation, position: String(position) })
    .delete();
}

/** Forgets the parked events of every generation but `keep` (after a switch or an abandoned rebuild). */
export async function dropParkedExcept(db: Knex, projector: string, keep: readonly number[]): Promise<void> {
  await db(PARKED_TABLE).where({ projector }).whereNotIn('generation', keep).delete();
}

const MAX_ERROR_LENGTH = 1000;

/**
 * The error as it may be stored and logged. Knex prefixes a driver error with the SQL and
 * its bindings, and MySQL quotes the offending value, both of which can be personal data;
 * keep the driver's message with quoted literals masked.
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const e = error as { code?: unknown; sqlMessage?: unknown };
  let text = message;
  if (typeof e.sqlMessage === 'string') text = `${String(e.code)}: ${e.sqlMessage}`;
  else if (typeof e.code === 'string' && message.includes(' - '))
    text = `${e.code}: ${message.slice(message.lastIndexOf(' - ') + 3)}`;
  if (text !== message) text = text.replace(/'[^']*'/g, "'?'");
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
