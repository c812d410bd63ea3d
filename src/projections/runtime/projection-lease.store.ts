/**
 * Leases: a projector runs in exactly one process at a time (DESIGN.md §2). A process takes
 * a lease that is free, expired or already its own, renews it well before it expires, and
 * gives it up on a clean stop so another process can take over at once.
 *
 * Expiry uses each process's clock, so clocks must agree to well within a lease. A process
 * that is wrong about owning one still cannot apply an event twice: its checkpoint write is
 * guarded (see projection-state.store.ts).
 */
import type { Knex } from 'knex';
import { LEASES_TABLE } from './projection-runtime.schema.js';

export type Lease = { readonly name: string; readonly owner: string; readonly expiresAt: number };

/** Takes or renews the lease; true when `owner` holds it for the next `leaseMs`. */
export async function acquireLease(db: Knex, name: string, owner: string, leaseMs: number): Promise<boolean> {
  const take = () => {
    const now = Date.now();
    return db(LEASES_TABLE)
      .where({ name })
      .andWhere((q) => void q.where({ owner }).orWhere('expires_at', '<', now))
      .update({ owner, expires_at: now + leaseMs });
  };
  if ((await take()) === 1) return true;
  // First time anyone asks for this projector: create the row as free, then race for it.
  await db(LEASES_TABLE).insert({ name, owner: '', expires_at: 0 }).onConflict('name').ignore();
  return (await take()) === 1;
}

/** Renews a lease this process holds; false when it has lost it. */
export async function renewLease(db: Knex, name: string, owner: string, leaseMs: number): Promise<boolean> {
  const updated = await db(LEASES_TABLE)
    .where({ name, owner })
    .update({ expires_at: Date.now() + leaseMs });
  return updated === 1;
}

export async function releaseLease(db: Knex, name: string, owner: string): Promise<void> {
  await db(LEASES_TABLE).where({ name, owner }).update({ expires_at: 0 });
}

export async function readLeases(db: Knex): Promise<Map<string, Lease>> {
  const rows = await db<{ name: string; owner: string; expires_at: number | string }>(LEASES_TABLE).select(
    '*',
  );
  return new Map(
    rows.map((r) => [r.name, { name: r.name, owner: r.owner, expiresAt: Number(r.expires_at) }]),
  );
}
