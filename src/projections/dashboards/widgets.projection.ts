/** Each user's dashboard widgets, as their configuration events leave them. */
import type { RecordedEvent } from '../../events/envelope.js';
import type { WidgetEvent } from '../../events/dashboards/widget.events.js';
import type { ProjectionContext, Projector } from '../projector.js';

export const widgetsProjector: Projector = {
  name: 'dashboard-widgets',
  version: 1,
  handles: [
    'DashboardWidgetCreated',
    'DashboardWidgetUpdated',
    'DashboardWidgetMoved',
    'DashboardWidgetDeleted',
  ],
  tables: {
    dashboard_widgets: (t) => {
      t.string('id', 36).primary();
      t.string('owner_id', 64).notNullable().index();
      t.string('type', 10).notNullable();
      t.string('title', 200).notNullable();
      t.text('config').notNullable();
      t.integer('x').notNullable();
      t.integer('y').notNullable();
      t.integer('w').notNullable();
      t.integer('h').notNullable();
      t.bigInteger('revision').notNullable();
    },
  },
  apply: (ctx, event) => applyWidget(ctx, event as RecordedEvent<WidgetEvent>),
};

async function applyWidget(ctx: ProjectionContext, event: RecordedEvent<WidgetEvent>): Promise<void> {
  const rows = () => ctx.table('dashboard_widgets').where({ id: event.data.widgetId });
  const revision = String(event.revision);
  switch (event.type) {
    case 'DashboardWidgetCreated': {
      const { widgetId, ownerId, type, title, config, position } = event.data;
      await ctx
        .table('dashboard_widgets')
        .insert({
          id: widgetId,
          owner_id: ownerId,
          type,
          title,
          config: JSON.stringify(config),
          ...position,
          revision,
        })
        .onConflict('id')
        .ignore();
      return;
    }
    case 'DashboardWidgetUpdated':
      await rows().update({ title: event.data.title, config: JSON.stringify(event.data.config), revision });
      return;
    case 'DashboardWidgetMoved':
      await rows().update({ ...event.data.position, revision });
      return;
    case 'DashboardWidgetDeleted':
      await rows().delete();
      return;
  }
}
