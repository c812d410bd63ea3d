/** Reads of the inspections, training, hazards, obligations and emergency read models. */
import type { Knex } from 'knex';
import { TRAINING_EXPIRING_DAYS } from '../../events/health-safety/training.events.js';

export type TrainingStatus = 'valid' | 'expiring' | 'expired';
import { mapPage, paginate, type Page, type PageRequest } from '../pagination.js';

type Row = Record<string, unknown>;
const json = <T>(value: unknown): T => JSON.parse(String(value)) as T;
const str = (v: unknown) => (typeof v === 'string' ? v : null);

const inspectionView = (r: Row) => ({
  inspectionId: String(r.id),
  title: String(r.title),
  location: String(r.location),
  departmentId: String(r.department_id),
  scheduledFor: String(r.scheduled_for),
  inspectorId: String(r.inspector_id),
  status: String(r.status),
  overdue: Boolean(r.overdue),
  score: r.score === null ? null : Number(r.score),
  checklist: json<{ itemId: string; question: string; weight: number }[]>(r.checklist),
  responses:
    r.responses === null
      ? null
      : json<{ itemId: string; result: string; note: string | null }[]>(r.responses),
  failedItems: r.failed_items === null ? [] : json<string[]>(r.failed_items),
  completedAt: str(r.completed_at),
});

export async function listInspections(
  db: Knex,
  request: PageRequest & { status?: string | undefined; departmentId?: string | undefined },
) {
  const query = db('hs_inspections').select('*');
  if (request.status !== undefined) void query.where('status', request.status);
  if (request.departmentId !== undefined) void query.where('department_id', request.departmentId);
  return mapPage(await paginate<Row>(query, ['scheduled_for', 'id'], request, 'desc'), inspectionView);
}

export async function getInspection(db: Knex, id: string) {
  const row = (await db('hs_inspections').where({ id }).first()) as Row | undefined;
  return row === undefined ? undefined : inspectionView(row);
}

export async function listCourses(db: Knex, request: PageRequest) {
  const page = await paginate<Row>(db('hs_courses').select('*'), ['name', 'id'], request);
  return mapPage(page, (r) => ({
    courseId: String(r.id),
    name: String(r.name),
    validityMonths: Number(r.validity_months),
    requiredForRoles: json<string[]>(r.required_for_roles),
  }));
}

/** `valid` / `expiring` / `expired` bounds on expires_at for a given instant. */
export function statusBounds(now: Date) {
  return {
    now: now.toISOString(),
    soon: new Date(now.getTime() + TRAINING_EXPIRING_DAYS * 86_400_000).toISOString(),
  };
}

export function trainingStatusAt(expiresAt: string, now: Date): TrainingStatus {
  const { now: n, soon } = statusBounds(now);
  return expiresAt <= n ? 'expired' : expiresAt <= soon ? 'expiring' : 'valid';
}

export async function listTraining(
  db: Knex,
  request: PageRequest & {
    employeeId?: string | undefined;
    courseId?: string | undefined;
    departmentId?: string | undefined;
    status?: TrainingStatus | undefined;
    now: Date;
  },
) {
  const query = db('hs_training_records as r')
    .join('hs_courses as c', 'c.id', 'r.course_id')
    .leftJoin('users as u', 'u.id', 'r.employee_id')
    .select('r.*', 'c.name as course_name', 'u.department_id as department_id');
  if (request.employeeId !== undefined) void query.where('r.employee_id', request.employeeId);
  if (request.courseId !== undefined) void query.where('r.course_id', request.courseId);
  if (request.departmentId !== undefined) void query.where('u.department_id', request.departmentId);
  const { now, soon } = statusBounds(request.now);
  if (request.status === 'expired') void query.where('r.expires_at', '<=', now);
  if (request.status === 'expiring')
    void query.where('r.expires_at', '>', now).where('r.expires_at', '<=', soon);
  if (request.status === 'valid') void query.where('r.expires_at', '>', soon);
  const page = await paginate<Row>(query, ['r.expires_at', 'r.id'], request);
  return mapPage(page, (r) => ({
    recordId: String(r.id),
    employeeId: String(r.employee_id),
    departmentId: str(r.department_id),
    courseId: String(r.course_id),
    courseName: String(r.course_name),
    completedAt: String(r.completed_at),
    expiresAt: String(r.expires_at),
    trainer: str(r.trainer),
    score: r.score === null ? null : Number(r.score),
    status: trainingStatusAt(String(r.expires_at), request.now),
  }));
}

export async function listHazards(
  db: Knex,
  request: PageRequest & { departmentId?: string | undefined; riskLevel?: string | undefined },
) {
  const query = db('hs_hazards').select('*');
  if (request.departmentId !== undefined) void query.where('department_id', request.departmentId);
  if (request.riskLevel !== undefined) void query.where('risk_level', request.riskLevel);
  const page = await paginate<Row>(query, ['risk_score', 'id'], request, 'desc');
  return mapPage(page, (r) => ({
    hazardId: String(r.id),
    title: String(r.title),
    description: String(r.description),
    location: String(r.location),
    departmentId: String(r.department_id),
    initial: json<{ likelihood: number; severity: number; riskScore: number; riskLevel: string }>(r.initial),
    residual:
      r.residual === null
        ? null
        : json<{ likelihood: number; severity: number; riskScore: number; riskLevel: string }>(r.residual),
    riskScore: Number(r.risk_score),
    riskLevel: String(r.risk_level),
    controls: json<{ type: string; description: string }[]>(r.controls),
    reviewDate: str(r.review_date),
    assessments: Number(r.assessments),
  }));
}

export async function listObligations(
  db: Knex,
  request: PageRequest & { status?: string | undefined; departmentId?: string | undefined },
) {
  const query = db('hs_obligations').select('*');
  if (request.status !== undefined) void query.where('status', request.status);
  if (request.departmentId !== undefined) void query.where('department_id', request.departmentId);
  const page = await paginate<Row>(query, ['due_date', 'id'], request);
  return mapPage(page, (r) => ({
    obligationId: String(r.id),
    title: String(r.title),
    description: str(r.description),
    departmentId: str(r.department_id),
    ownerId: String(r.owner_id),
    dueDate: String(r.due_date),
    recurrence: String(r.recurrence),
    status: String(r.status),
    overdue: Boolean(r.overdue),
    lastCompletedAt: str(r.last_completed_at),
    lastEvidence: str(r.last_evidence),
  }));
}

const procedureView = (r: Row) => ({
  procedureId: String(r.procedure_id),
  version: Number(r.version),
  title: String(r.title),
  content: String(r.content),
  departmentId: str(r.department_id),
  publishedAt: String(r.published_at),
});

/** The latest version of each procedure. */
export async function listProcedures(db: Knex, request: PageRequest) {
  const latest = db('hs_procedure_versions as l')
    .select('l.procedure_id')
    .max('l.version as version')
    .groupBy('l.procedure_id')
    .as('m');
  const query = db('hs_procedure_versions as p')
    .join(latest, (j) => j.on('p.procedure_id', 'm.procedure_id').andOn('p.version', 'm.version'))
    .select('p.*');
  return mapPage(await paginate<Row>(query, ['p.procedure_id'], request), procedureView);
}

export async function procedureVersions(db: Knex, procedureId: string) {
  const rows = (await db('hs_procedure_versions')
    .where({ procedure_id: procedureId })
    .orderBy('version')) as Row[];
  return rows.map(procedureView);
}

export async function listDrills(db: Knex, request: PageRequest & { procedureId?: string | undefined }) {
  const query = db('hs_drills').select('*');
  if (request.procedureId !== undefined) void query.where('procedure_id', request.procedureId);
  const page = await paginate<Row>(query, ['started_at', 'id'], request, 'desc');
  return mapPage(page, (r) => ({
    drillId: String(r.id),
    procedureId: String(r.procedure_id),
    procedureVersion: Number(r.procedure_version),
    startedAt: String(r.started_at),
    allClearAt: String(r.all_clear_at),
    elapsedSeconds: Number(r.elapsed_seconds),
    participants: Number(r.participants),
    expectedOnSite: Number(r.expected_on_site),
    accountedFor: Number(r.accounted_for),
    rollCallSource: String(r.roll_call_source),
    notes: str(r.notes),
  }));
}

export async function listHoursWorked(
  db: Knex,
  filter: { departmentId?: string | undefined; year?: number | undefined },
) {
  const query = db('hs_hours_worked').select('*').orderBy('month').orderBy('department_id');
  if (filter.departmentId !== undefined) void query.where('department_id', filter.departmentId);
  if (filter.year !== undefined) void query.where('month', 'like', `${filter.year}-%`);
  const rows = (await query) as Row[];
  return rows.map((r) => ({
    departmentId: String(r.department_id),
    month: String(r.month),
    hours: Number(r.hours),
  }));
}

export type PageOf<T> = Page<T>;
