import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, BACKWARDS, END } from '@eventstore/db-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH, withoutIntegrity } from '../../src/events/integrity.js';
import {
  WrongExpectedVersionError,
  type EventStore,
  type Subscription,
  type SubscriptionItem,
} from '../../src/eventstore/event-store.port.js';
import { connectEsdbEventStore, createEsdbEventStore } from '../../src/eventstore/esdb/esdb-event-store.js';
import { startEsdbTestServer } from '../support/esdb-test-server.js';
import { collectUntil, eventStoreContract } from '../support/event-store-contract.js';
import { rawEvent, uniqueStream } from '../support/event-fixtures.js';

/** A real server when EVENTSTORE_URL names one (esdb://…?tls=false), else the in-process one. */
const realServerUrl = process.env.EVENTSTORE_URL?.startsWith('esdb://')
  ? process.env.EVENTSTORE_URL
  : undefined;

async function esdbTarget(): Promise<{ url: string; stop(): Promise<void> }> {
  if (realServerUrl !== undefined) return { url: realServerUrl, stop: () => Promise.resolve() };
  return startEsdbTestServer();
}

eventStoreContract(realServerUrl === undefined ? 'esdb (in-process test server)' : 'esdb', async () => {
  const target = await esdbTarget();
  const store = connectEsdbEventStore(target.url);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await target.stop();
    },
  };
});

const uniqueType = (name: string) => `${name}${randomUUID().replace(/-/g, '').slice(0, 12)}`;

describe('esdb adapter specifics', () => {
  let target: { url: string; stop(): Promise<void> };
  let client: EventStoreDBClient;
  let store: EventStore;

  beforeAll(async () => {
    target = await esdbTarget();
    client = EventStoreDBClient.connectionString(target.url);
    store = createEsdbEventStore(client);
  });
  afterAll(async () => {
    await store.close();
    await target.stop();
  });

  it('stores the event id as the ESDB id and the chain in the ESDB metadata', async () => {
    const stream = uniqueStream();
    const event = rawEvent('ThingCreated', { n: 1 });
    await store.append(stream, [event], { expectedRevision: 'no_stream' });
    const raw = [];
    for await (const resolved of client.readStream(stream)) raw.push(resolved.event!);
    expect(raw[0]!.id).toBe(event.metadata.eventId);
    const metadata = raw[0]!.metadata as { hash: string; prevHash: string };
    expect(metadata.prevHash).toBe(GENESIS_HASH);
    const [read] = await store.readStream(stream);
    const hashed = { ...read!, metadata: withoutIntegrity(read!.metadata) };
    expect(metadata.hash).toBe(eventHash(hashed, GENESIS_HASH));
  });

  it('reports the expected and actual revision of a conflict', async () => {
    const absent = uniqueStream();
    await expect(
      store.append(absent, [rawEvent('A')], { expectedRevision: 'stream_exists' }),
    ).rejects.toMatchObject({
      expected: 'stream_exists',
      actual: 'no_stream',
    });
    await expect(store.append(absent, [rawEvent('A')], { expectedRevision: 2n })).rejects.toMatchObject({
      expected: 2n,
      actual: 'no_stream',
    });
  });

  it('retries "any" appends that conflict with a writer in another process, keeping the chain', async () => {
    const stream = uniqueStream();
    const other = connectEsdbEventStore(target.url);
    try {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => [
          store.append(stream, [rawEvent('Tick', { i })]),
          other.append(stream, [rawEvent('Tock', { i })]),
        ]).flat(),
      );
    } finally {
      await other.close();
    }
    const events = await store.readStream(stream);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => BigInt(i)));
    events.slice(1).forEach((e, i) => expect(e.metadata.prevHash).toBe(events[i]!.metadata.hash));
  });

  it('turns a concrete expected revision that lost a race into our conflict error', async () => {
    const stream = uniqueStream();
    await store.append(stream, [rawEvent('A')]);
    const other = connectEsdbEventStore(target.url);
    try {
      const results = await Promise.allSettled([
        store.append(stream, [rawEvent('B')], { expectedRevision: 0n }),
        other.append(stream, [rawEvent('C')], { expectedRevision: 0n }),
      ]);
      const rejected = results.filter((r) => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0]!.reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(rejected[0]!.reason).toMatchObject({ expected: 0n, actual: 1n });
    } finally {
      await other.close();
    }
  });

  it('reads $all in pages without losing or repeating events at page boundaries', async () => {
    const type = uniqueType('Paged');
    const before = await store.headPosition();
    const stream = uniqueStream();
    for (let batch = 0; batch < 3; batch++)
      await store.append(
        stream,
        Array.from({ length: 250 }, (_, i) => rawEvent(type, { n: batch * 250 + i })),
      );
    const all = await store.readAll({ from: before, limit: 10_000, filter: { eventTypes: [type] } });
    expect(all.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 750 }, (_, i) => i));
    const limited = await store.readAll({
      from: all[100]!.position,
      limit: 600,
      filter: { eventTypes: [type] },
    });
    expect(limited.map((e) => (e.data as { n: number }).n)).toEqual(
      Array.from({ length: 600 }, (_, i) => 101 + i),
    );
  });

  it('keeps system events out of $all reads and the head', async () => {
    const all = await store.readAll({ limit: 10_000 });
    expect(all.filter((e) => e.type.startsWith('$'))).toEqual([]);
    let newest;
    for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))
      newest = resolved.event;
    if (newest !== undefined && !newest.type.startsWith('$'))
      expect(await store.headPosition()).toBe(newest.position.commit);
  });

  it('resumes a subscription after the position it was given', async () => {
    const type = uniqueType('Resumed');
    const stream = uniqueStream();
    await store.append(
      stream,
      [0, 1, 2, 3].map((n) => rawEvent(type, { n })),
    );
    const [, second] = await store.readStream(stream);
    const subscription = store.subscribe({ from: second!.position, filter: { eventTypes: [type] } });
    const events = await collectUntil(subscription, (seen) => seen.length === 2);
    expect(events.map((e) => e.data)).toEqual([{ n: 2 }, { n: 3 }]);
  });

  /** Appends `rounds` × (`wanted` events of one type, `noise` of another), each event in a stream of its own category. */
  async function appendSparse(rounds: number, wanted: number, noise: number) {
    const types = { wanted: uniqueType('Sparse'), noise: uniqueType('Noise') };
    const before = await store.headPosition();
    for (let round = 0; round < rounds; round++) {
      await store.append(
        uniqueStream(),
        Array.from({ length: wanted }, (_, i) => rawEvent(types.wanted, { n: round * wanted + i })),
      );
      await store.append(
        uniqueStream(),
        Array.from({ length: noise }, () => rawEvent(types.noise)),
      );
    }
    return { ...types, before };
  }

  async function readUntilCaughtUp(subscription: Subscription): Promise<SubscriptionItem[]> {
    const items: SubscriptionItem[] = [];
    for await (const item of subscription) {
      items.push(item);
      if (item.kind === 'checkpoint' && item.caughtUp) break;
    }
    await subscription.close();
    return items;
  }

  function expectCheckpointsBehindDelivery(items: readonly SubscriptionItem[]): void {
    let delivered = -1n;
    let checkpoint = -1n;
    for (const item of items) {
      if (item.kind === 'event') {
        expect(item.event.position).toBeGreaterThan(checkpoint);
        delivered = item.event.position;
      } else {
        expect(item.position).toBeGreaterThanOrEqual(delivered);
        checkpoint = item.position;
      }
    }
  }

  it('never reports a checkpoint ahead of an event it has not delivered yet', async () => {
    const { wanted, before } = await appendSparse(10, 1, 20);
    const items = await readUntilCaughtUp(
      store.subscribe({ from: before, filter: { eventTypes: [wanted] } }),
    );
    const events = items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(items.filter((item) => item.kind === 'checkpoint').length).toBeGreaterThan(1);
    expectCheckpointsBehindDelivery(items);
  });

  it('keeps checkpoints behind the events a slow consumer has not taken yet', async () => {
    const { wanted, before } = await appendSparse(40, 25, 25);
    const subscription = store.subscribe({ from: before, filter: { eventTypes: [wanted] } });
    // Let the client fill its buffers (and pause) before anything is consumed.
    const first = await subscription[Symbol.asyncIterator]().next();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const items = [first.value as SubscriptionItem, ...(await readUntilCaughtUp(subscription))];
    const events = items.flatMap((item) => (item.kind === 'event' ? [item.event] : []));
    expect(events.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expectCheckpointsBehindDelivery(items);
  });

  it('accepts KurrentDB connection strings', async () => {
    const kurrent = connectEsdbEventStore(target.url.replace(/^esdb:/, 'kurrentdb:'));
    try {
      expect(await kurrent.headPosition()).toBeGreaterThanOrEqual(0n);
    } finally {
      await kurrent.close();
    }
  });
});
