/**
 * Compliance status (DOMAIN.md): per category the share of items in good standing, overall the
 * mean of the categories that have items. Computed from the read models at the asked instant.
 */
import type { Knex } from 'knex';
import { statusBounds } from './registers.query.js';

export type Category = {
  readonly name: 'training' | 'inspections' | 'corrective_actions' | 'obligations';
  readonly compliance: number | null;
  readonly total: number;
  readonly compliant: number;
  readonly overdue: number;
};

const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 100;
const category = (name: Category['name'], total: number, compliant: number, overdue: number): Category => ({
  name,
  compliance: percent(compliant, total),
  total,
  compliant,
  overdue,
});

export async function complianceStatus(db: Knex, filter: { departmentId?: string | undefined; now: Date }) {
  const today = filter.now.toISOString().slice(0, 10);
  const [training, inspections, actions, obligations] = await Promise.all([
    trainingCompliance(db, filter),
    inspectionCompliance(db, filter),
    actionCompliance(db, filter.departmentId, today),
    obligationCompliance(db, filter.departmentId, today),
  ]);
  const categories = [training, inspections, actions.category, obligations];
  const scored = categories.flatMap((c) => (c.compliance === null ? [] : [c.compliance]));
  const overallCompliance =
    scored.length === 0 ? null : Math.round((scored.reduce((a, b) => a + b, 0) / scored.length) * 100) / 100;
  return {
    overallCompliance,
    categories,
    pendingActions: actions.pending,
    overdueActions: actions.category.overdue,
  };
}

/** Employees whose every required course is current / employees with required courses. */
export async function trainingCompliance(db: Knex, filter: { departmentId?: string | undefined; now: Date }) {
  const courses = await db('hs_courses').select<
    {
      id: string;
      required_for_roles: string;
    }[]
  >('id', 'required_for_roles');
  const required = courses.map((c) => ({ id: c.id, roles: JSON.parse(c.required_for_roles) as string[] }));
  const usersQuery = db('users').where({ active: true }).select('id', 'roles');
  if (filter.departmentId !== undefined) void usersQuery.where('department_id', filter.departmentId);
  const users = (await usersQuery) as { id: string; roles: string }[];
  const needs = users
    .map((u) => {
      const roles = JSON.parse(u.roles) as string[];
      return {
        id: u.id,
        courses: required.filter((c) => c.roles.some((r) => roles.includes(r))).map((c) => c.id),
      };
    })
    .filter((u) => u.courses.length > 0);
  const { now } = statusBounds(filter.now);
  const current = new Set<string>();
  for (let i = 0; i < needs.length; i += 500) {
    const ids = needs.slice(i, i + 500).map((u) => u.id);
    const rows = await db('hs_training_records')
      .whereIn('employee_id', ids)
      .where('expires_at', '>', now)
      .select<{ employee_id: string; course_id: string }[]>('employee_id', 'course_id');
    for (const r of rows) current.add(`${r.employee_id}/${r.course_id}`);
  }
  const compliant = needs.filter((u) => u.courses.every((c) => current.has(`${u.id}/${c}`))).length;
  return category('training', needs.length, compliant, needs.length - compliant);
}

/** Inspections due by now: compliant when completed on or before their scheduled day. */
async function inspectionCompliance(db: Knex, filter: { departmentId?: string | undefined; now: Date }) {
  const query = db('hs_inspections')
    .where(
      (q) => void q.where('scheduled_for', '<=', filter.now.toISOString()).orWhere('status', 'completed'),
    )
    .select('status', 'scheduled_for', 'completed_at');
  if (filter.departmentId !== undefined) void query.where('department_id', filter.departmentId);
  const rows = (await query) as { status: string; scheduled_for: string; completed_at: string | null }[];
  const compliant = rows.filter(
    (r) => r.completed_at !== null && r.completed_at.slice(0, 10) <= r.scheduled_for.slice(0, 10),
  ).length;
  const overdue = rows.filter((r) => r.status === 'scheduled').length;
  return category('inspections', rows.length, compliant, overdue);
}

/** Actions in good standing: completed, or open and not yet past their due date. */
async function actionCompliance(db: Knex, departmentId: string | undefined, today: string) {
  const query = db('hs_actions').select('status', 'due_date');
  if (departmentId !== undefined) void query.where('department_id', departmentId);
  const rows = (await query) as { status: string; due_date: string }[];
  const overdue = rows.filter((r) => r.status === 'open' && r.due_date < today).length;
  const pending = rows.filter((r) => r.status === 'open').length;
  return { category: category('corrective_actions', rows.length, rows.length - overdue, overdue), pending };
}

/** Obligations in good standing: not past due while open, and the last completion (if any) on time. */
async function obligationCompliance(db: Knex, departmentId: string | undefined, today: string) {
  const query = db('hs_obligations').select('status', 'due_date', 'last_on_time');
  if (departmentId !== undefined) void query.where('department_id', departmentId);
  const rows = (await query) as { status: string; due_date: string; last_on_time: number | boolean | null }[];
  const overdue = rows.filter((r) => r.status === 'open' && r.due_date < today).length;
  const compliant = rows.filter(
    (r) =>
      !(r.status === 'open' && r.due_date < today) && (r.last_on_time === null || Boolean(r.last_on_time)),
  ).length;
  return category('obligations', rows.length, compliant, overdue);
}
