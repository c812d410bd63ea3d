/**
 * The operator CLI: `npm run cli -- <command>`.
 *
 *   projections list             status and lag of every projector
 *   projections rebuild NAME     rebuild one projector into fresh tables, with progress
 *   verify [STREAM]              walk the integrity chain of the log (or one stream)
 *   export --format F --out FILE export the log (filtered) with a manifest, see cli/export.command.ts
 *
 * It opens the same stores as the server (same environment variables).
 */
import { pino } from 'pino';
import { EXPORT_USAGE, exportToFile, parseExportArgs } from './cli/export.command.js';
import { listProjections, rebuildProjection } from './cli/projections.command.js';
import { progressBar } from './cli/progress-bar.js';
import { openSystem, type System } from './composition/system.js';
import { loadConfig } from './config.js';
import { verifyIntegrity } from './eventstore/integrity-verifier.js';

const USAGE = `usage: npm run cli -- projections list | projections rebuild NAME | verify [STREAM] | ${EXPORT_USAGE}`;

async function run(system: System, args: readonly string[]): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const [command, sub, name] = args;
  if (command === 'projections' && sub === 'list') {
    await listProjections(system, out);
    return 0;
  }
  if (command === 'projections' && sub === 'rebuild' && name !== undefined) {
    await rebuildProjection(system, name);
    return 0;
  }
  if (command === 'verify') {
    const head = await system.store.headPosition();
    const bar = progressBar('verify');
    const result = await verifyIntegrity(system.store, {
      ...(sub === undefined ? {} : { streamId: sub }),
      onProgress: (n) => bar.update(BigInt(n), head),
    });
    bar.finish(result.brokenAt === null ? `${result.verifiedEvents} events verified` : 'broken chain');
    out(JSON.stringify(result));
    return result.brokenAt === null ? 0 : 2;
  }
  if (command === 'export') {
    await exportToFile(system.log, parseExportArgs(args.slice(1)));
    return 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return 64;
}

async function main(): Promise<void> {
  // A command runs what it needs itself: never a projection thread of its own.
  const config = { ...loadConfig(process.env), projectionThread: false };
  // Logs go to stderr: stdout carries the command's output (tables, JSON) for pipes.
  const system = await openSystem(
    config,
    pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2)),
  );
  let code = 1;
  try {
    code = await run(system, process.argv.slice(2));
  } finally {
    await system.close();
  }
  process.exit(code);
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
