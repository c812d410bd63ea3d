import { createSqlEventStore } from '../../src/eventstore/sql/sql-event-store.js';
import { mysqlUrl, testDatabase } from '../support/databases.js';
import { eventStoreContract } from '../support/event-store-contract.js';

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
