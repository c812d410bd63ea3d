/** One string per actor, for the audit index and filters: a user id, or `system:<name>`. */
import type { Actor } from '../envelope.js';

export function actorIdOf(actor: Actor): string {
  return 'userId' in actor ? actor.userId : `system:${actor.system}`;
}
