/**
 * The shape every event has, in the log and in memory (DESIGN.md §4).
 * Plain types only: this layer imports nothing of ours.
 */

export type Actor =
  { readonly userId: string; readonly roles: readonly string[] } | { readonly system: string };

export type EventMetadata = {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly requestId: string | null;
  readonly schemaVersion: number;
  /** Personal fields of this event (dotted paths) and whose key encrypts them. */
  readonly personal?: { readonly subjectId: string; readonly paths: readonly string[] };
  /** Integrity chain (filled by the store on append): SHA-256 of this event and of its predecessor. */
  readonly hash?: string;
  readonly prevHash?: string;
};

/** What a decider produces: a type and its data, nothing else. */
export type DomainEvent<T extends string = string, D = unknown> = {
  readonly type: T;
  readonly data: D;
};

/** An event as stored: position in its stream and in the global log. */
export type RecordedEvent<E extends DomainEvent = DomainEvent> = E & {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly metadata: EventMetadata;
  /** Dotted paths of personal fields whose subject was erased; they read as ERASED. */
  readonly erased?: readonly string[];
};

/** The value a personal field reads as once its subject's key is destroyed. */
export const ERASED = '[erased]' as const;

/** What a command carries about who sent it and why, turned into metadata on append. */
export type CommandContext = {
  readonly actor: Actor;
  readonly now: Date;
  readonly correlationId: string;
  readonly causationId?: string | null;
  readonly requestId?: string | null;
};
