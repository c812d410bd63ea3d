import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

/**
 * Marks a plugin as non-encapsulated (Fastify's documented `skip-override` symbol, the one
 * fastify-plugin sets), so its hooks and decorators reach every route, including those the
 * modules register later in their own plugins.
 */
export function sharedPlugin<Options extends Record<string, unknown>>(
  name: string,
  plugin: (app: FastifyInstance, options: Options) => void | Promise<void>,
): FastifyPluginAsync<Options> {
  const asAsync = async (app: FastifyInstance, options: Options) => {
    await plugin(app, options);
  };
  return Object.assign(asAsync, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
  });
}
