import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/handle-command.js';
import type { IdempotencyStore } from '../../src/commands/idempotency.js';
import type { CommandContext } from '../../src/events/envelope.js';
import { createSqlIdempotencyStore } from '../../src/db/sql-idempotency-store.js';
import { createSqlEventStore, type SqlEventStore } from '../../src/eventstore/sql/sql-event-store.js';
import { counterDecider } from '../support/counter.decider.js';
import { testDatabase, type TestDatabase } from '../support/databases.js';
import { deciderSpec } from '../support/decider-spec.js';
import { uniqueStream } from '../support/event-fixtures.js';

const context: CommandContext = {
  actor: { userId: 'u-1', roles: ['admin'] },
  now: new Date('2026-03-01T10:00:00Z'),
  correlationId: 'corr-1',
  requestId: 'req-1',
};

describe('decider spec helper', () => {
  const spec = deciderSpec(counterDecider);
  it('given/when/then', () => {
    spec
      .given([{ type: 'CounterOpened', data: { counterId: 'c' } }])
      .when({ type: 'Increment', counterId: 'c', by: 2 })
      .then([{ type: 'CounterIncremented', data: { counterId: 'c', by: 2 } }]);
    spec.given([]).when({ type: 'Increment', counterId: 'c', by: 2 }).thenThrows('COUNTER_NOT_OPEN');
    spec
      .given([{ type: 'CounterOpened', data: { counterId: 'c' } }])
      .when({ type: 'OpenCounter', counterId: 'c' })
      .thenNothing();
  });
});

describe('handleCommand', () => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let idempotency: IdempotencyStore;
  beforeAll(async () => {
    database = await testDatabase();
    store = await createSqlEventStore(database.db);
    idempotency = await createSqlIdempotencyStore(database.db);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const open = async (stream: string) =>
    handleCommand(store, stream, counterDecider, { type: 'OpenCounter', counterId: stream }, context);
  const increment = (stream: string, by: number, options = {}) =>
    handleCommand(
      store,
      stream,
      counterDecider,
      { type: 'Increment', counterId: stream, by },
      context,
      options,
    );

  it('reads, folds, decides and appends, answering revision and position', async () => {
    const stream = uniqueStream('counter');
    const opened = await open(stream);
    expect(opened.revision).toBe(0n);
    const result = await increment(stream, 5);
    expect(result.revision).toBe(1n);
    expect(result.position).toBe(await store.headPosition());
    const [, event] = await store.readStream(stream);
    expect(event!.metadata).toMatchObject({
      actor: { userId: 'u-1', roles: ['admin'] },
      occurredAt: '2026-03-01T10:00:00.000Z',
      correlationId: 'corr-1',
      requestId: 'req-1',
    });
  });

  it('appends nothing for a no-op decision and answers the current revision', async () => {
    const stream = uniqueStream('counter');
    const opened = await open(stream);
    const again = await open(stream);
    expect(again).toMatchObject({ revision: 0n, position: opened.position, events: [] });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('lets domain errors through and appends nothing', async () => {
    const stream = uniqueStream('counter');
    await expect(increment(stream, 1)).rejects.toMatchObject({ code: 'COUNTER_NOT_OPEN' });
    expect(await store.readStream(stream)).toEqual([]);
  });

  it('honours If-Match: the right revision passes, a stale one fails as a precondition', async () => {
    const stream = uniqueStream('counter');
    await open(stream);
    await expect(increment(stream, 1, { expectedRevision: 0n })).resolves.toMatchObject({ revision: 1n });
    await expect(increment(stream, 1, { expectedRevision: 0n })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });

  it('retries on conflicts so concurrent commands all land on fresh state', async () => {
    const stream = uniqueStream('counter');
    await open(stream);
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => increment(stream, 1, { maxRetries: 10 })),
    );
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await store.readStream(stream)).toHaveLength(5);
  });

  it('with an idempotency key returns the first result and appends nothing more', async () => {
    const stream = uniqueStream('counter');
    await open(stream);
    const claim = { scope: 'u-1', key: randomUUID(), fingerprint: 'f1' };
    const first = await increment(stream, 3, { idempotency: { store: idempotency, claim } });
    const second = await increment(stream, 3, { idempotency: { store: idempotency, claim } });
    expect(second).toMatchObject({ revision: first.revision, position: first.position });
    expect(await store.readStream(stream)).toHaveLength(2);
    await expect(
      increment(stream, 4, {
        idempotency: { store: idempotency, claim: { ...claim, fingerprint: 'other' } },
      }),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('forgets a key whose first attempt failed, so a retry can succeed', async () => {
    const stream = uniqueStream('counter');
    const claim = { scope: 'u-1', key: randomUUID(), fingerprint: 'f' };
    await expect(increment(stream, 1, { idempotency: { store: idempotency, claim } })).rejects.toMatchObject({
      code: 'COUNTER_NOT_OPEN',
    });
    await open(stream);
    await expect(increment(stream, 1, { idempotency: { store: idempotency, claim } })).resolves.toMatchObject(
      { revision: 1n },
    );
  });

  it('with newStream skips the first read, and still decides on the real stream if it exists', async () => {
    const fresh = uniqueStream('counter');
    const created = await handleCommand(
      store,
      fresh,
      counterDecider,
      { type: 'OpenCounter', counterId: fresh },
      context,
      { newStream: true },
    );
    expect(created.revision).toBe(0n);
    // Wrongly called new: the no_stream append fails, the retry reads, and the decision is a no-op.
    const again = await handleCommand(
      store,
      fresh,
      counterDecider,
      { type: 'OpenCounter', counterId: fresh },
      context,
      { newStream: true },
    );
    expect(again).toMatchObject({ revision: 0n, events: [] });
    expect(await store.readStream(fresh)).toHaveLength(1);
  });
});
