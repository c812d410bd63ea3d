/**
 * The composition root: reads the environment, opens the stores, starts projections and the
 * HTTP server, and shuts all of it down gracefully on SIGINT/SIGTERM.
 */
import { pino } from 'pino';
import { apiLoggerOptions } from './api/request-log.plugin.js';
import { startSystem } from './composition/system.js';
import { loadConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino(apiLoggerOptions(config.logLevel));
  const { app, close } = await startSystem(config, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  // Configuration and start-up errors are ours and carry no personal data.
  console.error(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
