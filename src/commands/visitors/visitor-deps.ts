/**
 * What the visitors use cases need besides the log: lookups in read models (composed by the
 * composition root, so this layer builds no SQL), the notifier port and the module's settings.
 */
import type { VisitorDetails } from '../../events/visitors/visit.events.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import type { Notifier } from '../../notifications/notifier.port.js';

export type HostContact = { readonly name: string; readonly phone: string | null };

export type VisitorLookups = {
  readonly hostContact: (hostId: string) => Promise<HostContact | undefined>;
  /** The id of the watch-list entry this visitor matches (by email, else by name), or null. */
  readonly watchlistHit: (visitor: VisitorDetails) => Promise<string | null>;
};

export type VisitorSettings = {
  readonly walkInTokenMinutes: number;
  readonly overstayGraceMinutes: number;
  readonly retentionDays: number;
};

export type VisitorDeps = {
  readonly log: EventStore;
  readonly notifier: Notifier;
  readonly lookups: VisitorLookups;
  readonly settings: VisitorSettings;
};
