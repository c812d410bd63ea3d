/** A user's widgets, in reading order (top to bottom, left to right). */
import type { Knex } from 'knex';

export type WidgetRow = {
  readonly id: string;
  readonly type: 'metric' | 'trend' | 'table';
  readonly title: string;
  readonly config: Record<string, unknown>;
  readonly position: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly revision: string;
};

/** At most this many widgets on one dashboard. */
export const MAX_WIDGETS = 50;

export async function listWidgets(db: Knex, ownerId: string): Promise<WidgetRow[]> {
  const rows = (await db('dashboard_widgets')
    .where({ owner_id: ownerId })
    .orderBy([{ column: 'y' }, { column: 'x' }, { column: 'id' }])
    .limit(MAX_WIDGETS)) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: String(r.id),
    type: r.type as WidgetRow['type'],
    title: String(r.title),
    config: JSON.parse(String(r.config)) as Record<string, unknown>,
    position: { x: Number(r.x), y: Number(r.y), w: Number(r.w), h: Number(r.h) },
    revision: String(r.revision),
  }));
}
