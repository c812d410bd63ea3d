import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchedCounter } from '../../src/commands/batched-counter.js';
import type { Decider } from '../../src/commands/decider.js';
import type { CommandContext } from '../../src/events/envelope.js';
import { createSqlEventStore, type SqlEventStore } from '../../src/eventstore/sql/sql-event-store.js';
import { testDatabase, type TestDatabase } from '../support/databases.js';
import { uniqueStream } from '../support/event-fixtures.js';

type Take = { readonly type: 'Take'; readonly owner: string };
type Taken = { readonly type: 'NumberTaken'; readonly data: { readonly owner: string; readonly n: number } };
const numbers: Decider<Take, { last: number }, Taken> = {
  initialState: { last: 0 },
  decide: (command, state) => [{ type: 'NumberTaken', data: { owner: command.owner, n: state.last + 1 } }],
  evolve: (_state, event) => ({ last: event.data.n }),
};

const context: CommandContext = {
  actor: { system: 'test' },
  now: new Date('2026-03-01T10:00:00Z'),
  correlationId: 'corr-1',
};

// Each call of batchedCounter has its own queues, like a separate process sharing the log.
const counter = () =>
  batchedCounter({
    decider: numbers,
    target: (stream) => ({ stream, command: (owner: string) => ({ type: 'Take' as const, owner }) }),
    attempts: 100,
    busyMessage: 'busy',
  });

describe('batchedCounter', () => {
  let database: TestDatabase;
  let store: SqlEventStore;
  beforeAll(async () => {
    database = await testDatabase();
    store = await createSqlEventStore(database.db);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('gives concurrent callers consecutive numbers, several to one append', async () => {
    const stream = uniqueStream('numbers');
    const next = counter();
    let appends = 0;
    const counted: SqlEventStore = {
      ...store,
      append: (...args) => {
        appends++;
        return store.append(...args);
      },
    };
    const taken = await Promise.all(
      Array.from({ length: 40 }, (_, i) => next(counted, stream, { input: `o${i}`, context })),
    );
    expect(taken.map((t) => t.event.data.n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect(new Set(taken.map((t) => t.event.data.owner)).size).toBe(40);
    expect(await store.readStream(stream)).toHaveLength(40);
    expect(appends).toBeLessThan(40);
  });

  it('stays gapless and unique when two processes race for the same counter', async () => {
    const stream = uniqueStream('numbers');
    const [a, b] = [counter(), counter()];
    const taken = await Promise.all(
      Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b)(store, stream, { input: `o${i}`, context })),
    );
    expect(taken.map((t) => t.event.data.n).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    const stored = (await store.readStream(stream)).map((e) => (e.data as Taken['data']).owner);
    expect(new Set(stored).size).toBe(60);
  });
});
