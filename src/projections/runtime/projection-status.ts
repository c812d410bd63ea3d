/**
 * What `status()` reports per projector: who runs it and how far behind the log it is.
 * A projector this process runs is described from memory, one run elsewhere from its state
 * row. Lag in events is head − checkpoint, a count on the SQL store, whose positions are
 * gapless; lag in time is the age of the first event not yet processed.
 */
import type { Knex } from 'knex';
import type { EventStore } from '../../eventstore/event-store.port.js';
import type { Projector } from '../projector.js';
import { countParked } from './parked-events.store.js';
import { readLeases } from './projection-lease.store.js';
import { readStates, type RunnerStatus } from './projection-state.store.js';
import type { SupervisorView } from './projector-supervisor.js';

export type ProjectionStatus = {
  readonly name: string;
  /** The version of the serving generation (a rebuild for a new version shows in `rebuild`). */
  readonly version: number;
  readonly generation: number;
  /** `standby` when another process holds the lease; `stopped` when no process runs it here. */
  readonly status: RunnerStatus | 'standby';
  /** The process holding the lease, if anyone does. */
  readonly owner: string | undefined;
  readonly checkpoint: bigint;
  readonly headPosition: bigint;
  readonly lagEvents: bigint;
  readonly lagMs: number;
  readonly parkedEvents: number;
  readonly rebuild?: { readonly generation: number; readonly checkpoint: bigint; readonly target: bigint };
};

export type StatusSources = {
  readonly store: EventStore;
  readonly db: Knex;
  readonly ownerId: string;
  readonly projectors: readonly Projector[];
  readonly view: (name: string) => SupervisorView;
  /** The checkpoint this process's projection thread last pushed for a projector it runs. */
  readonly pushed: (name: string) => bigint | undefined;
};

export async function projectionStatuses(sources: StatusSources): Promise<ProjectionStatus[]> {
  const { store, db } = sources;
  const head = await store.headPosition();
  const states = await readStates(db);
  const leases = await readLeases(db);
  const now = Date.now();
  const views = sources.projectors.map(({ name }) => {
    const { owned, ...local } = sources.view(name);
    if (owned) return { name, ...local, owner: sources.ownerId };
    const state = states.get(name);
    const lease = leases.get(name);
    const owner =
      lease !== undefined && lease.expiresAt > now && lease.owner !== '' ? lease.owner : undefined;
    // Run by this process's projection thread (it holds the lease under our owner id): live,
    // at the checkpoint it pushed, which is ahead of the state row by the moves not yet written.
    const pushed = owner === sources.ownerId ? sources.pushed(name) : undefined;
    const stored = state?.checkpoint ?? 0n;
    return {
      name,
      status:
        owner === undefined
          ? ('stopped' as const)
          : pushed !== undefined
            ? ('live' as const)
            : ('standby' as const),
      owner,
      version: state?.version ?? local.version,
      generation: state?.generation ?? 0,
      checkpoint: pushed !== undefined && pushed > stored ? pushed : stored,
      movedAt: state?.updatedAt ?? now,
      rebuild: state?.rebuild,
    };
  });
  const parked = await countParked(db, new Map(views.map((v) => [v.name, v.generation])));
  return Promise.all(
    views.map(async ({ movedAt, rebuild, ...v }) => {
      const lagEvents = head > v.checkpoint ? head - v.checkpoint : 0n;
      const lagMs = lagEvents === 0n ? 0 : await ageOfNext(store, v.checkpoint, movedAt, now);
      const base = { ...v, headPosition: head, lagEvents, lagMs, parkedEvents: parked.get(v.name) ?? 0 };
      return rebuild === undefined
        ? base
        : {
            ...base,
            rebuild: {
              generation: rebuild.generation,
              checkpoint: rebuild.checkpoint,
              target: rebuild.target,
            },
          };
    }),
  );
}

/** Age of the first event after `checkpoint`; time since the checkpoint moved when that is unknown. */
async function ageOfNext(
  store: EventStore,
  checkpoint: bigint,
  movedAt: number,
  now: number,
): Promise<number> {
  const [next] = await store.readAll({ from: checkpoint, limit: 1 });
  const occurredAt = next === undefined ? Number.NaN : Date.parse(next.metadata.occurredAt);
  return Math.max(0, now - (Number.isFinite(occurredAt) ? occurredAt : movedAt));
}
