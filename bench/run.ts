/**
 * `npm run bench [eventstore|projections|http|visitors|health-safety|biometric|exports|analytics]`: prints throughput figures; asserts nothing. MariaDB figures are included
 * when BENCH_MYSQL_URL or DATABASE_URL names a server (e.g. mysql://root@127.0.0.1:3306/test).
 */
import { benchAnalytics } from './analytics.bench.js';
import { benchBiometric } from './biometric.bench.js';
import { benchEventStore } from './event-store.bench.js';
import { benchExports } from './exports.bench.js';
import { benchHealthSafety } from './health-safety.bench.js';
import { benchHttp } from './http.bench.js';
import { benchProjectionRebuild } from './projection-rebuild.bench.js';
import { mysqlBenchDb, sqliteBenchDb } from './support.js';
import { benchVisitors } from './visitors.bench.js';

const only = process.argv[2];
const mysqlUrl =
  process.env.BENCH_MYSQL_URL ?? process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test';

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${new Date().toISOString()}`);
  if (only === undefined || only === 'eventstore') {
    const sqlite = sqliteBenchDb('events');
    await benchEventStore(sqlite, { single: 20_000, batches: 200, batchSize: 500 });
    await sqlite.drop();
    const mysql = await mysqlBenchDb(mysqlUrl);
    if (mysql !== undefined) {
      await benchEventStore(mysql, { single: 5_000, batches: 100, batchSize: 500 });
      await mysql.drop();
    }
  }
  if (only === undefined || only === 'projections') {
    const sqlite = sqliteBenchDb('read');
    const mysql = await mysqlBenchDb(mysqlUrl);
    await benchProjectionRebuild(mysql === undefined ? [sqlite] : [sqlite, mysql], 100_000);
    await sqlite.drop();
    await mysql?.drop();
  }
  if (only === undefined || only === 'http') await benchHttp(10);
  if (only === undefined || only === 'visitors') {
    for (const projectionThread of [false, true]) {
      await benchVisitors(10, 50_000, undefined, projectionThread);
      await benchVisitors(10, 50_000, mysqlUrl, projectionThread);
    }
  }
  if (only === undefined || only === 'health-safety') await benchHealthSafety();
  if (only === undefined || only === 'biometric') await benchBiometric();
  if (only === undefined || only === 'exports') await benchExports();
  if (only === undefined || only === 'analytics') {
    await benchAnalytics();
    // On MariaDB the projectors catch up at about 300 events/s (a round trip per statement), so the
    // full year (420k events, then a rebuild) would take ~40 min: a quarter of it, printed as such.
    await benchAnalytics(mysqlUrl, Number(process.env.BENCH_ANALYTICS_MYSQL_SCALE ?? '0.25'));
  }
}

await main();
