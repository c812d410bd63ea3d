/**
 * A dashboard widget's lifecycle: created by its owner, retitled/reconfigured, moved, deleted.
 * Only the owner may change it; to anyone else it does not exist. Its type is fixed at
 * creation. A change to what it already is appends nothing.
 */
import type { WidgetEvent, WidgetPosition } from '../../events/dashboards/widget.events.js';
import { assertNever, type Decider } from '../decider.js';
import { DomainError, NotFoundError } from '../domain-error.js';

type Config = Record<string, unknown>;

export type WidgetCommand =
  | {
      readonly kind: 'create';
      readonly widgetId: string;
      readonly ownerId: string;
      readonly type: 'metric' | 'trend' | 'table';
      readonly title: string;
      readonly config: Config;
      readonly position: WidgetPosition;
    }
  | {
      readonly kind: 'change';
      readonly widgetId: string;
      readonly actorId: string;
      readonly type: 'metric' | 'trend' | 'table';
      readonly title: string;
      readonly config: Config;
      readonly position: WidgetPosition;
    }
  | { readonly kind: 'delete'; readonly widgetId: string; readonly actorId: string };

export type WidgetState =
  | { readonly status: 'none' }
  | { readonly status: 'deleted' }
  | {
      readonly status: 'active';
      readonly ownerId: string;
      readonly type: string;
      readonly title: string;
      readonly config: Config;
      readonly position: WidgetPosition;
    };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const widgetDecider: Decider<WidgetCommand, WidgetState, WidgetEvent> = {
  initialState: { status: 'none' },
  decide: (command, state) => {
    if (command.kind === 'create') {
      if (state.status !== 'none') throw new DomainError('WIDGET_EXISTS', 'This widget exists already.');
      const { kind: _kind, ...data } = command;
      return [{ type: 'DashboardWidgetCreated', data }];
    }
    if (state.status !== 'active' || state.ownerId !== command.actorId)
      throw new NotFoundError('There is no such widget on your dashboard.');
    if (command.kind === 'delete')
      return [{ type: 'DashboardWidgetDeleted', data: { widgetId: command.widgetId } }];
    if (command.type !== state.type)
      throw new DomainError('WIDGET_TYPE_FIXED', 'A widget keeps its type; create a new one instead.');
    const events: WidgetEvent[] = [];
    if (command.title !== state.title || !same(command.config, state.config))
      events.push({
        type: 'DashboardWidgetUpdated',
        data: { widgetId: command.widgetId, title: command.title, config: command.config },
      });
    if (!same(command.position, state.position))
      events.push({
        type: 'DashboardWidgetMoved',
        data: { widgetId: command.widgetId, position: command.position },
      });
    return events;
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'DashboardWidgetCreated': {
        const { ownerId, type, title, config, position } = event.data;
        return { status: 'active', ownerId, type, title, config, position };
      }
      case 'DashboardWidgetUpdated':
        return state.status === 'active'
          ? { ...state, title: event.data.title, config: event.data.config }
          : state;
      case 'DashboardWidgetMoved':
        return state.status === 'active' ? { ...state, position: event.data.position } : state;
      case 'DashboardWidgetDeleted':
        return { status: 'deleted' };
      default:
        return assertNever(event);
    }
  },
};
