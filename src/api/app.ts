/**
 * The HTTP platform: builds the Fastify app every module plugs into. Infrastructure comes
 * first (access control and rate limits, read-your-writes, request log, security headers,
 * docs), so its onRoute hooks see every route the modules register afterwards.
 * The app opens no connections of its own; `app.close()` undoes what the plugins set up,
 * and deps are closed by the composition root that created them.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyHttpOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Server } from 'node:http';
import type { LoggerOptions } from 'pino';
import { accessPlugin } from './access.plugin.js';
import { API_DEFAULTS, type ApiInstance, type AppDeps } from './app-deps.js';
import { docsPlugin } from './docs.plugin.js';
import { healthModule } from './health.routes.js';
import { minPositionPlugin } from './min-position.plugin.js';
import { mergePermissions, PERMISSIONS } from './permissions.js';
import { errorHandler, notFoundHandler } from './problem.js';
import { echoRequestId, genReqId } from './request-id.js';
import { apiLoggerOptions, requestLogPlugin } from './request-log.plugin.js';
import { securityPlugin } from './security.plugin.js';

export async function buildApp(deps: AppDeps): Promise<ApiInstance> {
  const { config } = deps;
  const options: FastifyHttpOptions<Server> = {
    ...loggerOption(deps.logger),
    // Fastify's own request lines log the raw URL; request-log.plugin.ts writes a safe one instead.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId,
    bodyLimit: config.bodyLimitBytes ?? API_DEFAULTS.bodyLimitBytes,
    ...(config.trustProxy === undefined ? {} : { trustProxy: config.trustProxy }),
  };
  const app = Fastify(options).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  app.addHook('onSend', echoRequestId);

  await app.register(accessPlugin, {
    table: mergePermissions(PERMISSIONS, deps.modules),
    tokens: deps.auth,
    publicRateLimit: config.rateLimit ?? API_DEFAULTS.rateLimit,
  });
  await app.register(minPositionPlugin, {
    waitForPosition: deps.waitForPosition,
    ...(deps.readModels === undefined ? {} : { readModels: deps.readModels }),
    waitMs: config.minPositionWaitMs ?? API_DEFAULTS.minPositionWaitMs,
  });
  await app.register(requestLogPlugin);
  await app.register(securityPlugin, { corsOrigins: config.corsOrigins });
  await app.register(docsPlugin);

  for (const module of [healthModule(deps.health), ...deps.modules]) {
    await app.register(
      async (scope) => {
        await module.routes(scope.withTypeProvider<ZodTypeProvider>());
      },
      { name: module.name },
    );
  }

  await readyOrClose(app);
  return app;
}

/** A route missing from the permission table fails here, at startup, not on the first request. */
async function readyOrClose(app: ApiInstance): Promise<void> {
  try {
    await app.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

function loggerOption(
  logger: AppDeps['logger'],
): { loggerInstance: FastifyBaseLogger } | { logger: LoggerOptions } {
  if (isLogger(logger)) return { loggerInstance: logger };
  return { logger: { ...apiLoggerOptions(), ...logger } };
}

function isLogger(logger: FastifyBaseLogger | LoggerOptions): logger is FastifyBaseLogger {
  return typeof (logger as Partial<FastifyBaseLogger>).child === 'function';
}
