/**
 * Browser-facing protections: CORS for the configured origins only, and helmet's security
 * headers, whose default CSP also lets Swagger UI at /docs work.
 *
 * Helmet's headers depend only on its options, so they are computed once at start-up (by
 * running helmet's middleware against a recording response) and set on every reply from that
 * list; @fastify/helmet rebuilt the middleware chain on each request, 3–7% of a read's CPU.
 */
import cors from '@fastify/cors';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sharedPlugin } from './shared-plugin.js';

export type SecurityOptions = { corsOrigins: readonly string[] };

/** The headers helmet's defaults set, as name/value pairs (names in lower case). */
export function helmetHeaders(): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  let failure: Error | undefined;
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error !== undefined) failure = error instanceof Error ? error : new Error('helmet failed');
  });
  if (failure !== undefined) throw failure;
  return [...headers];
}

export const securityPlugin = sharedPlugin('security', async (app, options: SecurityOptions) => {
  const headers = helmetHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.header(name, value);
    done();
  });
  await app.register(cors, {
    origin: [...options.corsOrigins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'if-match',
      'idempotency-key',
      'x-min-position',
      'x-request-id',
    ],
    exposedHeaders: ['etag', 'location', 'retry-after', 'x-request-id', 'content-disposition'],
    maxAge: 600,
  });
});
