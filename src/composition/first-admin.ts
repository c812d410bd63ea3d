/** First start: when no user exists and ADMIN_EMAIL/ADMIN_PASSWORD are set, that admin is created. */
import type { FastifyBaseLogger } from 'fastify';
import { randomUUID } from 'node:crypto';
import { registerUser } from '../commands/auth/identity.service.js';
import { countUsers } from '../queries/auth/users.query.js';
import type { System } from './system.js';

export async function ensureFirstAdmin(system: System, logger: FastifyBaseLogger): Promise<void> {
  const admin = system.config.admin;
  if (admin === undefined) return;
  // The users read model must reflect the whole log before "no user exists" means anything.
  await system.runtime.waitFor(await system.log.headPosition(), 30_000);
  if ((await countUsers(system.readDb)) > 0) return;
  const result = await registerUser(
    system.identity,
    { email: admin.email, password: admin.password, name: 'Administrator', roles: ['admin'] },
    { actor: { system: 'bootstrap' }, now: new Date(), correlationId: randomUUID() },
  );
  await system.runtime.waitFor(result.position, 10_000);
  logger.info({ userId: result.userId }, 'first admin created');
}
