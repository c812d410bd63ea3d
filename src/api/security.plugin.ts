/**
 * Browser-facing protections: CORS for the configured origins only, and the helmet
 * security headers, whose default CSP also lets Swagger UI at /docs work.
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { sharedPlugin } from './shared-plugin.js';

export type SecurityOptions = { corsOrigins: readonly string[] };

export const securityPlugin = sharedPlugin('security', async (app, options: SecurityOptions) => {
  await app.register(helmet, { global: true });
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
