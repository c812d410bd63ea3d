/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate requests, and
 * Swagger UI at /docs (JSON at /docs/json). Protected operations carry the bearer scheme;
 * public ones say so with an empty `security`.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { sharedPlugin } from './shared-plugin.js';

type Transform = typeof jsonSchemaTransform;

const withSecurity: Transform = (input) => {
  const transformed = jsonSchemaTransform(input);
  if (input.route.config?.access !== 'public') return transformed;
  return { ...transformed, schema: { ...transformed.schema, security: [] } };
};

export const docsPlugin = sharedPlugin('docs', async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Craft Resource Management API',
        version: '1.0.0',
        description: 'Errors are application/problem+json (RFC 9457) with a stable `code`.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearerAuth: [] }],
    },
    transform: withSecurity,
    transformObject: jsonSchemaTransformObject,
  });
  // Helmet's default CSP suits the UI: it loads only same-origin scripts (no inline ones)
  // and the spec is never sent to an outside validator (validatorUrl stays null).
  await app.register(swaggerUi, { routePrefix: '/docs' });
});
