/**
 * The registry of event types: each type's zod schema, current `schemaVersion`, which of its
 * fields are personal data (and whose), and the upcasters that lift older stored versions to
 * the current shape when read. Events are never rewritten; old versions are upcast on read.
 */
import type { z } from 'zod';
import type { DomainEvent } from './envelope.js';

export type PersonalData<D> = {
  /** The data subject whose key encrypts the fields (a person's id). */
  readonly subject: (data: D) => string;
  /** Dotted paths of personal fields, e.g. `visitor.firstName`. Absent values are skipped. */
  readonly paths: readonly string[];
};

export type EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> = {
  readonly type: T;
  readonly schemaVersion: number;
  readonly schema: S;
  readonly personal?: PersonalData<z.output<S>>;
  /** `upcasters[n]` turns version n data into version n + 1. */
  readonly upcasters?: Readonly<Record<number, (data: unknown) => unknown>>;
};

export function defineEvent<const T extends string, S extends z.ZodType>(
  definition: EventDefinition<T, S>,
): EventDefinition<T, S> {
  const version = definition.schemaVersion;
  for (let v = 1; v < version; v++) {
    if (definition.upcasters?.[v] === undefined)
      throw new Error(`${definition.type}: missing upcaster from version ${v} to ${v + 1}`);
  }
  return definition;
}

/** The event a definition describes, for deciders and projectors. */
export type EventOf<D> = D extends EventDefinition<infer T, infer S> ? DomainEvent<T, z.output<S>> : never;

export type EventRegistry = {
  readonly get: (type: string) => EventDefinition | undefined;
  readonly types: readonly string[];
};

export function createEventRegistry(definitions: readonly EventDefinition[]): EventRegistry {
  const byType = new Map<string, EventDefinition>();
  for (const definition of definitions) {
    if (byType.has(definition.type)) throw new Error(`event type ${definition.type} is defined twice`);
    byType.set(definition.type, definition);
  }
  return { get: (type) => byType.get(type), types: [...byType.keys()] };
}

/** Lifts stored data from `storedVersion` to the definition's current version. */
export function upcast(definition: EventDefinition, data: unknown, storedVersion: number): unknown {
  let current = data;
  for (let v = storedVersion; v < definition.schemaVersion; v++) {
    const step = definition.upcasters?.[v];
    if (step === undefined) throw new Error(`${definition.type}: no upcaster from version ${v}`);
    current = step(current);
  }
  return current;
}
