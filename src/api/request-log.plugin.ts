/**
 * One log line per request, written when the response is sent: request id, user id, method,
 * route pattern (never the raw URL: query strings can hold names or emails), status and
 * duration. Bodies, headers and tokens are never logged; the redaction below is the
 * safety net for anything that logs a request object by mistake.
 */
import type { LoggerOptions } from 'pino';
import { sharedPlugin } from './shared-plugin.js';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.accessToken',
  '*.token',
];

/**
 * Pino options for the API: redaction, and a request serializer that keeps only safe fields.
 * The composition root builds its logger with these (buildApp applies them itself when
 * given options rather than a logger).
 */
export function apiLoggerOptions(level = 'info'): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // Whatever gets logged as `req` (a request, or a careless object) keeps two safe fields.
      req: (request: { method?: string; routeOptions?: { url?: string } }) => ({
        method: request.method,
        route: request.routeOptions?.url ?? null,
      }),
    },
  };
}

export const requestLogPlugin = sharedPlugin('request-log', (app) => {
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        userId: request.user?.id ?? null,
        method: request.method,
        route: request.routeOptions.url ?? null,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
    done();
  });
});
