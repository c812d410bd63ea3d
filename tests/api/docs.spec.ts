import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInstance } from '../../src/api/app-deps.js';
import { buildTestApp } from '../support/api-test-app.js';

type OpenApi = {
  openapi: string;
  paths: Record<
    string,
    Record<string, { security?: unknown[]; requestBody?: unknown; parameters?: unknown[] }>
  >;
  components: { securitySchemes: Record<string, unknown> };
};

let app: ApiInstance;
let spec: OpenApi;

beforeAll(async () => {
  app = await buildTestApp();
  spec = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
});
afterAll(() => app.close());

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with the bearer scheme', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.components.securitySchemes.bearerAuth).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('lists the routes with schemas generated from zod', () => {
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/health', '/api/test/visits', '/api/test/visits/{visitId}/checkout']),
    );
    expect(spec.paths['/api/test/visits']?.post?.requestBody).toMatchObject({
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { visitor: { properties: { firstName: { type: 'string', minLength: 1 } } } },
            required: expect.arrayContaining(['visitor', 'purpose']),
          },
        },
      },
    });
    expect(spec.paths['/api/test/visits']?.get?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'limit', in: 'query' })]),
    );
  });

  it('marks public operations with an empty security list, and hides the docs routes', () => {
    expect(spec.paths['/health']?.get?.security).toEqual([]);
    expect(spec.paths['/api/test/visits']?.post?.security).toBeUndefined();
    expect(Object.keys(spec.paths).some((path) => path.startsWith('/docs'))).toBe(false);
  });
});

describe('Swagger UI', () => {
  it('is served at /docs despite the security headers', async () => {
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const script = await app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(script.statusCode).toBe(200);
    const bundle = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
  });
});
