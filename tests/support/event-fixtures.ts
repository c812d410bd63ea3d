import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '../../src/eventstore/event-store.port.js';

/** A raw event as a writer would append it, with valid metadata. */
export function rawEvent(
  type: string,
  data: unknown = {},
  overrides: Record<string, unknown> = {},
): EventToAppend {
  return {
    type,
    data,
    metadata: {
      eventId: randomUUID(),
      occurredAt: new Date('2026-01-01T00:00:00Z').toISOString(),
      actor: { system: 'test' },
      correlationId: randomUUID(),
      causationId: null,
      requestId: null,
      schemaVersion: 1,
      ...overrides,
    },
  };
}

export function uniqueStream(category = 'test'): string {
  return `${category}-${randomUUID()}`;
}
