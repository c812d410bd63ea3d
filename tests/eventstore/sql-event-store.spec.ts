import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/knex-connection.js';
import type { RecordedEvent } from '../../src/events/envelope.js';
import { createSqlEventStore } from '../../src/eventstore/sql/sql-event-store.js';
import { mysqlUrl, testDatabase } from '../support/databases.js';
import { eventStoreContract } from '../support/event-store-contract.js';
import { rawEvent } from '../support/event-fixtures.js';

eventStoreContract('sql on sqlite', async () => {
  const database = await testDatabase('sqlite');
  const store = await createSqlEventStore(database.db);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await database.drop();
    },
  };
});

if (mysqlUrl !== undefined) {
  eventStoreContract('sql on mysql', async () => {
    const database = await testDatabase('mysql');
    const store = await createSqlEventStore(database.db, { pollIntervalMs: 50 });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await database.drop();
      },
    };
  });
}

describe('sql store: appends made through another handle of the same log', () => {
  it('reports its own appends, and wakes its subscriptions with events appended elsewhere', async () => {
    const database = await testDatabase('sqlite');
    const writer = await createSqlEventStore(database.db);
    // A second handle on the same file that would otherwise notice only at a minute-long poll.
    const reader = await createSqlEventStore(openDatabase({ kind: 'sqlite', file: database.location }), {
      pollIntervalMs: 60_000,
    });
    const reported: RecordedEvent[][] = [];
    writer.onAppend((events) => reported.push([...events]));
    const subscription = reader.subscribe({ from: 'end' });
    const seen = (async () => {
      for await (const item of subscription) if (item.kind === 'event') return item.event;
      return undefined;
    })();
    try {
      await sleep(50);
      const result = await writer.append('thing-1', [rawEvent('ThingHappened', { n: 1 })]);
      expect(reported).toHaveLength(1);
      expect(reported[0]!.map((e) => e.position)).toEqual([result.position]);
      const started = Date.now();
      reader.appendedElsewhere(reported[0]!);
      const event = await seen;
      expect(event).toMatchObject({ streamId: 'thing-1', type: 'ThingHappened', position: result.position });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await subscription.close();
      await reader.close();
      await writer.close();
      await database.drop();
    }
  });
});

describe('sql subscription: an append while the subscriber is busy', () => {
  it('is not lost: the subscriber reads it next, not at the next poll', async () => {
    const database = await testDatabase('sqlite');
    const store = await createSqlEventStore(database.db, { pollIntervalMs: 60_000 });
    const first = await store.append('busy-1', [rawEvent('ThingHappened', { n: 1 })]);
    const subscription = store.subscribe({ from: first.position - 1n });
    try {
      const seen: bigint[] = [];
      for await (const item of subscription) {
        if (item.kind !== 'event') continue;
        seen.push(item.event.position);
        // The subscriber is busy with the first event (not waiting) when the second commits.
        if (seen.length === 1) await store.append('busy-2', [rawEvent('ThingHappened', { n: 2 })]);
        else break;
      }
      expect(seen).toEqual([first.position, first.position + 1n]);
    } finally {
      await subscription.close();
      await store.close();
      await database.drop();
    }
  });
});
