/**
 * For projection-runtime tests: an event store and a read-model database of their own
 * (SQLite, or MariaDB when DATABASE_URL is set), runtimes that are stopped at cleanup, a
 * counting test projector, and a store whose next from-the-start subscription can be held
 * part-way (to look at a rebuild in flight).
 */
import type { Knex } from 'knex';
import { openDatabase } from '../../src/db/knex-connection.js';
import type { RecordedEvent } from '../../src/events/envelope.js';
import type { EventStore, Subscription, SubscriptionItem } from '../../src/eventstore/event-store.port.js';
import { createSqlEventStore, type SqlEventStore } from '../../src/eventstore/sql/sql-event-store.js';
import type { ProjectionContext, Projector } from '../../src/projections/projector.js';
import {
  createProjectionRuntime,
  type ProjectionRuntime,
  type ProjectionRuntimeOptions,
} from '../../src/projections/runtime/projection-runtime.js';
import { testDatabase } from './databases.js';
import { rawEvent } from './event-fixtures.js';

export type RuntimeFixture = {
  readonly store: SqlEventStore;
  readonly db: Knex;
  readonly kind: 'sqlite' | 'mysql';
  /** Another connection to the read models, for looking while a batch transaction is open. */
  readonly observer: Knex;
  readonly runtime: (options: Partial<ProjectionRuntimeOptions>) => ProjectionRuntime;
  /** Appends `count` events of `type` to `stream`; resolves with the last position. */
  readonly append: (stream: string, type: string, count?: number, data?: object) => Promise<bigint>;
  readonly counts: (via?: Knex) => Promise<Record<string, number>>;
  readonly cleanup: () => Promise<void>;
};

export async function runtimeFixture(): Promise<RuntimeFixture> {
  const events = await testDatabase();
  const reads = await testDatabase();
  const store = await createSqlEventStore(events.db, { pollIntervalMs: 50 });
  const filename = (reads.db.client.config.connection as { filename?: string }).filename;
  const observer = reads.kind === 'sqlite' ? openDatabase({ kind: 'sqlite', file: filename! }) : reads.db;
  const runtimes: ProjectionRuntime[] = [];
  return {
    store,
    db: reads.db,
    kind: reads.kind,
    observer,
    runtime: (options) => {
      const runtime = createProjectionRuntime({
        store,
        db: reads.db,
        projectors: [],
        leaseMs: 600,
        retry: { attempts: 2, backoffMs: 5 },
        ...options,
      });
      runtimes.push(runtime);
      return runtime;
    },
    append: async (stream, type, count = 1, data = {}) =>
      (
        await store.append(
          stream,
          Array.from({ length: count }, () => rawEvent(type, data)),
        )
      ).position,
    counts: async (via = reads.db) => {
      const rows = await via<{ stream_id: string; count: number | string }>('thing_counts').select();
      return Object.fromEntries(rows.map((r) => [r.stream_id, Number(r.count)]));
    },
    cleanup: async () => {
      for (const runtime of runtimes) await runtime.stop();
      if (observer !== reads.db) await observer.destroy();
      await store.close();
      await events.drop();
      await reads.drop();
    },
  };
}

export type CounterHook = (event: RecordedEvent, ctx: ProjectionContext) => Promise<void> | void;

/**
 * Counts ThingHappened per stream. The count is incremented, not set, so an event applied
 * twice shows. A ThingHappened with `{ poison: true }` fails unless `cured` says otherwise.
 */
export function thingCounter(
  options: { hook?: CounterHook; cured?: () => boolean } & Partial<Projector> = {},
): Projector {
  const { hook, cured = () => false, ...overrides } = options;
  return {
    name: 'things',
    version: 1,
    handles: ['ThingHappened'],
    tables: {
      thing_counts: (t) => {
        t.string('stream_id', 100).primary();
        t.integer('count').notNullable();
        t.bigInteger('last_position').notNullable();
      },
    },
    apply: async (ctx, event) => {
      await hook?.(event, ctx);
      if ((event.data as { poison?: boolean }).poison === true && !cured())
        throw new Error(`thing at ${event.position} is poisoned`);
      await ctx
        .table('thing_counts')
        .insert({ stream_id: event.streamId, count: 1, last_position: String(event.position) })
        .onConflict('stream_id')
        .merge({ count: ctx.trx.raw('?? + 1', ['count']), last_position: String(event.position) });
    },
    ...overrides,
  };
}

export type Gate = { readonly reached: Promise<void>; readonly release: () => void };

/** The store, with `holdNextReplay(n)`: the next subscription from the start stops after n events until released. */
export function gatedStore(store: EventStore): {
  store: EventStore;
  holdNextReplay: (events: number) => Gate;
} {
  let pending: { after: number; arrive: () => void; released: Promise<void> } | undefined;
  const holdNextReplay = (after: number): Gate => {
    let arrive = () => undefined as void;
    let release = () => undefined as void;
    const reached = new Promise<void>((r) => (arrive = r));
    const released = new Promise<void>((r) => (release = r));
    pending = { after, arrive, released };
    return { reached, release };
  };
  const subscribe: EventStore['subscribe'] = (options = {}) => {
    const inner = store.subscribe(options);
    const gate = pending;
    if (gate === undefined || (options.from !== 0n && options.from !== 'start')) return inner;
    pending = undefined;
    return held(inner, gate);
  };
  return { store: { ...store, subscribe }, holdNextReplay };
}

function held(
  inner: Subscription,
  gate: { after: number; arrive: () => void; released: Promise<void> },
): Subscription {
  let release: () => void = () => undefined;
  const closed = new Promise<void>((r) => (release = r));
  async function* items(): AsyncGenerator<SubscriptionItem> {
    let seen = 0;
    for await (const item of inner) {
      if (item.kind === 'event' && seen++ === gate.after) {
        gate.arrive();
        await Promise.race([gate.released, closed]);
      }
      yield item;
    }
  }
  const iterator = items();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      release();
      await inner.close();
      await iterator.return(undefined);
    },
  };
}
