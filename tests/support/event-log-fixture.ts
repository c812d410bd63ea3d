/** An event log over a fresh SQL store and key store, for tests that need the real thing. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createEventRegistry, defineEvent, type EventDefinition } from '../../src/events/event-registry.js';
import { createEventLog, type EventLog } from '../../src/eventstore/event-log.js';
import { createSqlKeyStore } from '../../src/eventstore/personal-data/key-store.js';
import { createSqlEventStore, type SqlEventStore } from '../../src/eventstore/sql/sql-event-store.js';
import { testDatabase, type TestDatabase } from './databases.js';

export const PersonRegistered = defineEvent({
  type: 'PersonRegistered',
  schemaVersion: 1,
  schema: z.object({
    personId: z.string(),
    name: z.string(),
    email: z.string().optional(),
    contact: z.object({ phone: z.string() }).optional(),
    badge: z.number(),
  }),
  personal: { subject: (d) => d.personId, paths: ['name', 'email', 'contact.phone'] },
});

export type EventLogFixture = {
  readonly log: EventLog;
  readonly store: SqlEventStore;
  readonly database: TestDatabase;
  cleanup(): Promise<void>;
};

export async function eventLogFixture(
  definitions: readonly EventDefinition[] = [PersonRegistered],
): Promise<EventLogFixture> {
  const database = await testDatabase();
  const store = await createSqlEventStore(database.db);
  const keys = await createSqlKeyStore(database.db, { masterKey: randomBytes(32), cacheTtlMs: 0 });
  const log = createEventLog(store, createEventRegistry(definitions), keys);
  return {
    log,
    store,
    database,
    cleanup: async () => {
      await store.close().catch(() => undefined);
      await database.drop();
    },
  };
}
