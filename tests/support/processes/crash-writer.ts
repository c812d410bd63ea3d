/**
 * Child process for the crash tests: appends single events from four concurrent writers
 * and prints one `ack <position> <eventId>` line per acknowledged append, until killed.
 * Argument: a JSON DatabaseTarget.
 */
import { openDatabase, type DatabaseTarget } from '../../../src/db/knex-connection.js';
import { createSqlEventStore } from '../../../src/eventstore/sql/sql-event-store.js';
import { rawEvent } from '../event-fixtures.js';

const target = JSON.parse(process.argv[2]!) as DatabaseTarget;
const store = await createSqlEventStore(openDatabase(target));
process.stdout.write('ready\n');
await Promise.all(
  Array.from({ length: 4 }, async (_, w) => {
    for (let i = 0; ; i++) {
      const event = rawEvent('CrashTicked', { w, i, pad: 'x'.repeat(200) });
      const result = await store.append(`crash-${w}-${i % 10}`, [event]);
      process.stdout.write(`ack ${result.position} ${event.metadata.eventId}\n`);
    }
  }),
);
