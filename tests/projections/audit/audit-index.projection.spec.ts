import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../../src/events/envelope.js';
import { auditIndexProjector } from '../../../src/projections/audit/audit-index.projection.js';
import { findAuditPositions } from '../../../src/queries/audit/audit-events.query.js';
import { projectionFixture, recorded, type ProjectionFixture } from '../../support/projection-fixture.js';

const at = (
  event: RecordedEvent,
  occurredAt: string,
  actor: RecordedEvent['metadata']['actor'],
): RecordedEvent => ({
  ...event,
  metadata: { ...event.metadata, occurredAt, actor },
});
const admin = { userId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa', roles: ['admin'] };

describe('audit index projection', () => {
  let f: ProjectionFixture;
  let events: RecordedEvent[];
  beforeEach(async () => {
    f = await projectionFixture(auditIndexProjector);
    events = [
      at(recorded('user-1', 'UserRegistered', { name: 'Secret Name' }), '2026-01-01T09:00:00.000Z', {
        system: 'bootstrap',
      }),
      at(recorded('user-1', 'RolesAssigned', { roles: ['admin'] }, 1n), '2026-01-02T09:00:00.000Z', admin),
      at(recorded('department-2', 'DepartmentCreated', { name: 'Ops' }), '2026-01-03T09:00:00.000Z', admin),
    ];
  });
  afterEach(async () => {
    await f.cleanup();
  });

  it('indexes every event by position, stream, type, actor and time, with no event data', async () => {
    await f.apply(events);
    const rows = (await f.db('audit_events').orderBy('position')) as Record<string, unknown>[];
    expect(rows.map((r) => [String(r.stream_id), r.category, r.type, r.actor_id, r.occurred_at])).toEqual([
      ['user-1', 'user', 'UserRegistered', 'system:bootstrap', '2026-01-01T09:00:00.000Z'],
      ['user-1', 'user', 'RolesAssigned', admin.userId, '2026-01-02T09:00:00.000Z'],
      ['department-2', 'department', 'DepartmentCreated', admin.userId, '2026-01-03T09:00:00.000Z'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('Secret Name');
  });

  it('changes nothing when the same events are applied twice', async () => {
    await f.apply(events);
    const once = await f.db('audit_events').orderBy('position');
    await f.apply(events);
    expect(await f.db('audit_events').orderBy('position')).toEqual(once);
  });

  it('finds positions by each filter, in log order, a page at a time', async () => {
    await f.apply(events);
    const [p1, p2, p3] = events.map((e) => e.position);
    const find = async (filters: Parameters<typeof findAuditPositions>[1], limit = 50) =>
      (await findAuditPositions(f.db, filters, { limit })).items;
    expect(await find({ stream: 'user-1' })).toEqual([p1, p2]);
    expect(await find({ category: 'department' })).toEqual([p3]);
    expect(await find({ type: 'RolesAssigned' })).toEqual([p2]);
    expect(await find({ actorId: admin.userId })).toEqual([p2, p3]);
    expect(await find({ from: '2026-01-02T00:00:00Z', to: '2026-01-02T10:00:00+01:00' })).toEqual([p2]);
    const first = await findAuditPositions(f.db, {}, { limit: 2 });
    expect(first.items).toEqual([p1, p2]);
    const rest = await findAuditPositions(f.db, {}, { limit: 2, cursor: first.nextCursor! });
    expect(rest).toEqual({ items: [p3], nextCursor: null });
  });
});
