import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERASED, type RecordedEvent } from '../../src/events/envelope.js';
import { randomBytes } from 'node:crypto';
import { createEventRegistry, defineEvent } from '../../src/events/event-registry.js';
import { createEventLog } from '../../src/eventstore/event-log.js';
import { verifyIntegrity } from '../../src/eventstore/integrity-verifier.js';
import {
  createSqlKeyStore,
  SUBJECT_KEYS_TABLE,
  type KeyStore,
} from '../../src/eventstore/personal-data/key-store.js';
import { EVENTS_TABLE } from '../../src/eventstore/sql/sql-schema.js';
import { rawEvent, uniqueStream } from '../support/event-fixtures.js';
import { eventLogFixture, PersonRegistered, type EventLogFixture } from '../support/event-log-fixture.js';

const person = {
  personId: 'p-1',
  name: 'Zoë Ångström',
  email: 'zoe@example.org',
  contact: { phone: '+46 70 123 45 67' },
  badge: 7,
};

describe('event log: personal data', () => {
  let f: EventLogFixture;
  beforeEach(async () => {
    f = await eventLogFixture();
  });
  afterEach(async () => {
    await f.cleanup();
  });

  const rawRows = async () =>
    (await f.database.db(EVENTS_TABLE).select('data', 'metadata'))
      .map((r: { data: string; metadata: string }) => r.data + r.metadata)
      .join('\n');

  it('stores personal fields encrypted and reads them back in clear', async () => {
    const stream = uniqueStream('person');
    await f.log.append(stream, [rawEvent('PersonRegistered', person)]);
    const raw = await rawRows();
    for (const secret of ['Zoë', 'zoe@example.org', '123 45 67']) expect(raw).not.toContain(secret);
    expect(raw).toContain('"badge":7');
    const [event] = await f.log.readStream(stream);
    expect(event!.data).toEqual(person);
    expect(event!.metadata.personal).toEqual({ subjectId: 'p-1', paths: ['name', 'email', 'contact.phone'] });
    expect(event!.erased).toBeUndefined();
  });

  it('skips absent personal fields', async () => {
    const stream = uniqueStream('person');
    await f.log.append(stream, [rawEvent('PersonRegistered', { personId: 'p-2', name: 'Ann', badge: 1 })]);
    const [event] = await f.log.readStream(stream);
    expect(event!.data).toEqual({ personId: 'p-2', name: 'Ann', badge: 1 });
    expect(event!.metadata.personal?.paths).toEqual(['name']);
  });

  it('after erasure reads the fields as erased everywhere, never throws, and keeps the rest', async () => {
    const stream = uniqueStream('person');
    const other = uniqueStream('person');
    await f.log.append(stream, [rawEvent('PersonRegistered', person)]);
    await f.log.append(other, [rawEvent('PersonRegistered', { ...person, personId: 'p-9', name: 'Kept' })]);
    expect(await f.log.eraseSubject('p-1')).toBe(true);

    const [event] = await f.log.readStream(stream);
    expect(event!.data).toEqual({
      personId: 'p-1',
      name: ERASED,
      email: ERASED,
      contact: { phone: ERASED },
      badge: 7,
    });
    expect(event!.erased).toEqual(['name', 'email', 'contact.phone']);
    const all = await f.log.readAll();
    expect(all.map((e) => (e.data as { name: string }).name)).toEqual([ERASED, 'Kept']);

    const subscription = f.log.subscribe({ from: 'start' });
    const seen: unknown[] = [];
    for await (const item of subscription) {
      if (item.kind === 'event') seen.push((item.event.data as { name: string }).name);
      if (seen.length === 2) break;
    }
    await subscription.close();
    expect(seen).toEqual([ERASED, 'Kept']);
  });

  it('opens an event once for all live subscribers, and not from before an erasure after it', async () => {
    const names = async () => {
      const subscription = f.log.subscribe({ from: 'start' });
      const seen: RecordedEvent[] = [];
      for await (const item of subscription) {
        if (item.kind === 'event') seen.push(item.event);
        if (seen.length === 1) break;
      }
      await subscription.close();
      return seen[0]!;
    };
    await f.log.append(uniqueStream('person'), [rawEvent('PersonRegistered', person)]);
    const first = await names();
    const second = await names();
    expect((first.data as { name: string }).name).toBe(person.name);
    expect(second).toBe(first); // one decoded and opened object, shared
    await f.log.eraseSubject('p-1');
    expect((await names()).data).toMatchObject({ name: ERASED, email: ERASED });
  });

  /** Logs over the fixture's store whose key store records every key look-up in `lookups`. */
  async function countingLogs() {
    const keys = await createSqlKeyStore(f.database.db, { masterKey: randomBytes(32), cacheTtlMs: 0 });
    const lookups: string[][] = [];
    const counted: KeyStore = {
      ...keys,
      findKeys: (ids) => {
        lookups.push([...ids]);
        return keys.findKeys(ids);
      },
    };
    const registry = createEventRegistry([PersonRegistered]);
    return { lookups, newLog: () => createEventLog(f.store, registry, counted) };
  }

  /** The data of the first event a live subscription of `log` hands out, opened. */
  async function firstData(log: ReturnType<typeof createEventLog>): Promise<unknown> {
    const subscription = log.subscribe({ from: 'start' });
    for await (const item of subscription) {
      if (item.kind !== 'event') continue;
      await subscription.close();
      return item.event.data;
    }
    throw new Error('no event');
  }

  it('opens what it appended itself without looking up a key, and other handles by decrypting', async () => {
    const { lookups, newLog } = await countingLogs();
    const writer = newLog();
    await writer.append(uniqueStream('person'), [rawEvent('PersonRegistered', person)]);
    expect(await firstData(writer)).toEqual(person);
    expect(lookups).toEqual([]);
    expect(await firstData(newLog())).toEqual(person);
    expect(lookups).toEqual([['p-1']]);
  });

  it('hands what it sealed to another handle, which then opens it without a key, unless told of an erasure', async () => {
    const { lookups, newLog } = await countingLogs();
    const writer = newLog();
    await writer.append(uniqueStream('person'), [rawEvent('PersonRegistered', person)]);
    const [eventId] = (await f.store.readAll()).map((e) => e.metadata.eventId);
    const sealed = writer.takeSealed([eventId!, 'no-such-event']);
    expect(sealed.map(([id, fields]) => [id, fields.map(([path]) => path)])).toEqual([
      [eventId, ['name', 'email', 'contact.phone']],
    ]);
    expect(writer.takeSealed([eventId!])).toEqual([]); // handed over, not kept

    const thread = newLog();
    thread.sealedElsewhere(sealed);
    expect(await firstData(thread)).toEqual(person);
    expect(lookups).toEqual([]);

    const forgetful = newLog();
    forgetful.sealedElsewhere(sealed);
    forgetful.forgetSubject('p-1');
    expect(await firstData(forgetful)).toEqual(person);
    expect(lookups).toEqual([['p-1']]);
  });

  it('leaves nothing in the raw store that can recover an erased subject', async () => {
    await f.log.append(uniqueStream('person'), [rawEvent('PersonRegistered', person)]);
    await f.log.eraseSubject('p-1');
    const raw = await rawRows();
    for (const secret of ['Zoë', 'zoe@example.org', '123 45 67']) expect(raw).not.toContain(secret);
    const keyRow = await f.database.db(SUBJECT_KEYS_TABLE).where({ subject_id: 'p-1' }).first();
    expect(keyRow.wrapped_key).toBeNull();
    expect(keyRow.erased_at).not.toBeNull();
  });

  it('keeps the integrity chain valid across erasure', async () => {
    const stream = uniqueStream('person');
    await f.log.append(stream, [rawEvent('PersonRegistered', person)]);
    await f.log.append(stream, [rawEvent('PersonRegistered', { ...person, badge: 8 })]);
    await f.log.eraseSubject('p-1');
    expect(await verifyIntegrity(f.store)).toEqual({ verifiedEvents: 2, brokenAt: null });
  });

  it('refuses an event that breaks its schema or has an unknown type', async () => {
    await expect(
      f.log.append(uniqueStream(), [rawEvent('PersonRegistered', { personId: 1 })]),
    ).rejects.toThrow();
    await expect(f.log.append(uniqueStream(), [rawEvent('NoSuchEvent', {})])).rejects.toThrow(
      /unknown event type/,
    );
    expect(await f.store.readAll()).toEqual([]);
  });
});

describe('event log: upcasting', () => {
  const RenamedV2 = defineEvent({
    type: 'ThingRenamed',
    schemaVersion: 2,
    schema: z.object({ thingId: z.string(), title: z.string(), reason: z.string() }),
    upcasters: {
      1: (d) => ({
        ...(d as { thingId: string; name: string }),
        title: (d as { name: string }).name,
        reason: 'unknown',
      }),
    },
  });

  it('lifts an old stored version to the current shape when read, without rewriting it', async () => {
    const f = await eventLogFixture([RenamedV2]);
    const stream = uniqueStream('thing');
    await f.store.append(stream, [
      rawEvent('ThingRenamed', { thingId: 't', name: 'Old' }, { schemaVersion: 1 }),
    ]);
    await f.log.append(stream, [rawEvent('ThingRenamed', { thingId: 't', title: 'New', reason: 'typo' })]);
    const events = await f.log.readStream(stream);
    expect(events.map((e) => e.data)).toEqual([
      { thingId: 't', name: 'Old', title: 'Old', reason: 'unknown' },
      { thingId: 't', title: 'New', reason: 'typo' },
    ]);
    expect(events.map((e) => e.metadata.schemaVersion)).toEqual([1, 2]);
    const stored = await f.store.readStream(stream);
    expect(stored[0]!.data).toEqual({ thingId: 't', name: 'Old' });
    await f.cleanup();
  });

  it('refuses a definition with a gap in its upcasters', () => {
    expect(() =>
      defineEvent({ type: 'Gappy', schemaVersion: 3, schema: z.object({}), upcasters: { 1: (d) => d } }),
    ).toThrow(/missing upcaster from version 2/);
  });
});

describe('integrity verifier', () => {
  it('reports the first broken link when one stored byte is edited', async () => {
    const f = await eventLogFixture();
    const a = uniqueStream('person');
    const b = uniqueStream('person');
    await f.log.append(a, [
      rawEvent('PersonRegistered', person),
      rawEvent('PersonRegistered', { ...person, badge: 2 }),
    ]);
    await f.log.append(b, [rawEvent('PersonRegistered', { ...person, personId: 'p-3', badge: 3 })]);
    expect(await verifyIntegrity(f.store)).toEqual({ verifiedEvents: 3, brokenAt: null });

    const row = await f.database
      .db(EVENTS_TABLE)
      .where({ stream_id: a, revision: 1 })
      .first<{ data: string }>();
    await f.database
      .db(EVENTS_TABLE)
      .where({ stream_id: a, revision: 1 })
      .update({ data: row.data.replace('"badge":2', '"badge":9') });
    const result = await verifyIntegrity(f.store);
    expect(result.brokenAt).toMatchObject({ streamId: a, revision: '1' });
    expect(result.verifiedEvents).toBe(1);
    expect((await verifyIntegrity(f.store, { streamId: b })).brokenAt).toBeNull();
    await f.cleanup();
  });
});
