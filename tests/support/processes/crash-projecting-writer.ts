/**
 * Child process for the projection crash test: runs the projection runtime with a counting
 * projector while four writers append ThingHappened events, printing `ack` lines, until killed.
 * Arguments: the events SQLite file, the read-model SQLite file.
 */
import { openDatabase } from '../../../src/db/knex-connection.js';
import { createSqlEventStore } from '../../../src/eventstore/sql/sql-event-store.js';
import { createProjectionRuntime } from '../../../src/projections/runtime/projection-runtime.js';
import { rawEvent } from '../event-fixtures.js';
import { thingCounter } from '../projection-runtime-fixture.js';

const [eventsFile, readFile] = process.argv.slice(2) as [string, string];
const store = await createSqlEventStore(openDatabase({ kind: 'sqlite', file: eventsFile }));
const runtime = createProjectionRuntime({
  store,
  db: openDatabase({ kind: 'sqlite', file: readFile }),
  projectors: [thingCounter()],
  leaseMs: 1000,
  batchSize: 50,
});
await runtime.start();
process.stdout.write('ready\n');
await Promise.all(
  Array.from({ length: 4 }, async (_, w) => {
    for (let i = 0; ; i++) {
      const result = await store.append(`thing-${w}-${i % 5}`, [rawEvent('ThingHappened', { w, i })]);
      process.stdout.write(`ack ${result.position}\n`);
    }
  }),
);
