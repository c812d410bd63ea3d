/** Every event type of every module, for the registry the event log validates against. */
import { createEventRegistry, type EventRegistry } from './event-registry.js';
import { authEvents } from './auth/user.events.js';

export function eventRegistry(): EventRegistry {
  return createEventRegistry([...authEvents]);
}
