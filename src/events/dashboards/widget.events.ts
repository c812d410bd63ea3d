/**
 * Dashboard widgets as event-sourced configuration: one stream per widget, owned by the user
 * who created it. `config` is validated per widget type at the API; here it is kept as given.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';

export const widgetStream = streamCategory('dashboardWidget');
export const WIDGET_TYPES = ['metric', 'trend', 'table'] as const;

export const WidgetPosition = z.object({
  x: z.number().int().min(0).max(100),
  y: z.number().int().min(0).max(1000),
  w: z.number().int().min(1).max(24),
  h: z.number().int().min(1).max(24),
});
export type WidgetPosition = z.infer<typeof WidgetPosition>;

const config = z.record(z.string(), z.unknown());

export const DashboardWidgetCreated = defineEvent({
  type: 'DashboardWidgetCreated',
  schemaVersion: 1,
  schema: z.object({
    widgetId: z.uuid(),
    ownerId: z.string(),
    type: z.enum(WIDGET_TYPES),
    title: z.string(),
    config,
    position: WidgetPosition,
  }),
});

export const DashboardWidgetUpdated = defineEvent({
  type: 'DashboardWidgetUpdated',
  schemaVersion: 1,
  schema: z.object({ widgetId: z.uuid(), title: z.string(), config }),
});

export const DashboardWidgetMoved = defineEvent({
  type: 'DashboardWidgetMoved',
  schemaVersion: 1,
  schema: z.object({ widgetId: z.uuid(), position: WidgetPosition }),
});

export const DashboardWidgetDeleted = defineEvent({
  type: 'DashboardWidgetDeleted',
  schemaVersion: 1,
  schema: z.object({ widgetId: z.uuid() }),
});

export const widgetEvents = [
  DashboardWidgetCreated,
  DashboardWidgetUpdated,
  DashboardWidgetMoved,
  DashboardWidgetDeleted,
] as const;

export type WidgetEvent =
  | EventOf<typeof DashboardWidgetCreated>
  | EventOf<typeof DashboardWidgetUpdated>
  | EventOf<typeof DashboardWidgetMoved>
  | EventOf<typeof DashboardWidgetDeleted>;
