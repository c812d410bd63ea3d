/**
 * Corrective and preventive actions in the analytics counters: opened when opened, closed
 * when completed, each under its owner's department; overdue once, under its due date, when
 * the scheduler flags it or when it is completed after that date.
 */
import type { RecordedEvent } from '../../events/envelope.js';
import { addCounts, exists, isTrue, type CountingContext } from './analytics-counters.js';
import { hourOf } from './analytics-metrics.js';

type Data = Record<string, unknown>;

/** Noon UTC of a due date, so the date stays itself in any zone within ±11 hours. */
const dueHour = (dueDate: string) => `${dueDate}T12`;

export async function actionChanged(ctx: CountingContext, event: RecordedEvent): Promise<void> {
  const d = event.data as Data;
  const rows = () => ctx.table('analytics_actions').where({ action_id: d.actionId });
  if (event.type === 'CorrectiveActionOpened') {
    if (await exists(ctx, 'analytics_actions', { action_id: d.actionId })) return;
    const departmentId = (d.ownerDepartmentId as string | null) ?? '';
    await ctx.table('analytics_actions').insert({
      action_id: d.actionId,
      department_id: departmentId,
      due_date: d.dueDate,
      completed: false,
      overdue: false,
    });
    addCounts(ctx, event.position, hourOf(d.openedAt as string), departmentId, { actions_opened: 1 });
    return;
  }
  const action = (await rows().first()) as Data | undefined;
  if (action === undefined || isTrue(action.completed)) return;
  const departmentId = action.department_id as string;
  const dueDate = action.due_date as string;
  const alreadyOverdue = isTrue(action.overdue);
  if (event.type === 'CorrectiveActionOverdue') {
    if (alreadyOverdue) return;
    await rows().update({ overdue: true });
    addCounts(ctx, event.position, dueHour(dueDate), departmentId, { actions_overdue: 1 });
    return;
  }
  const completedAt = d.completedAt as string;
  const late = !alreadyOverdue && completedAt.slice(0, 10) > dueDate;
  await rows().update({ completed: true, overdue: alreadyOverdue || late });
  addCounts(ctx, event.position, hourOf(completedAt), departmentId, { actions_closed: 1 });
  if (late) addCounts(ctx, event.position, dueHour(dueDate), departmentId, { actions_overdue: 1 });
}
