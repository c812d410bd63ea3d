/**
 * Use cases for inspections, training, hazards, obligations, hours worked and emergency
 * procedures/drills: ids and time are fixed here, then a plain read → decide → append.
 * Facts from other streams (a course's validity, a procedure's current version) are read from
 * the log, not a read model, so something created a moment ago counts.
 */
import { newId } from '../new-id.js';
import type { CommandContext } from '../../events/envelope.js';
import { hazardStream } from '../../events/health-safety/hazard.events.js';
import { inspectionStream } from '../../events/health-safety/inspection.events.js';
import {
  courseStream,
  trainingRecordStream,
  type CourseEvent,
} from '../../events/health-safety/training.events.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { DomainError, NotFoundError } from '../domain-error.js';
import { handleCommand, type CommandResult } from '../handle-command.js';
import { byHierarchy, hazardDecider, riskAssessment, type HazardCommand } from './hazard.decider.js';
import { inspectionDecider, type InspectionCommand } from './inspection.decider.js';
import { courseDecider, trainingExpiry, trainingRecordDecider } from './training.decider.js';

type Ctx = CommandContext;
type Result<K extends string> = CommandResult & Record<K, string>;

export async function scheduleInspection(
  log: EventStore,
  input: {
    title: string;
    location: string;
    departmentId: string;
    scheduledFor: string;
    inspectorId: string;
    checklist: readonly { question: string; weight?: number | undefined }[];
  },
  ctx: Ctx,
): Promise<Result<'inspectionId'>> {
  const inspectionId = newId();
  const checklist = input.checklist.map((item) => ({
    itemId: newId(),
    question: item.question,
    weight: item.weight ?? 1,
  }));
  const inspection = {
    ...input,
    inspectionId,
    scheduledFor: new Date(input.scheduledFor).toISOString(),
    checklist,
  };
  const result = await handleCommand(
    log,
    inspectionStream.name(inspectionId),
    inspectionDecider,
    { type: 'ScheduleInspection', inspection },
    ctx,
  );
  return { ...result, inspectionId };
}

export type InspectionRunDeps = {
  readonly log: EventStore;
  /** The inspector's department (owner of failed-item actions); null when they have none. */
  readonly departmentOf: (userId: string) => Promise<string | null>;
  readonly actionDueDays: number;
};

export async function completeInspection(
  deps: InspectionRunDeps,
  inspectionId: string,
  responses: readonly { itemId: string; result: 'pass' | 'fail' | 'na'; note?: string | undefined }[],
  ctx: Ctx,
): Promise<CommandResult> {
  const stream = inspectionStream.name(inspectionId);
  const scheduled = (await deps.log.readStream(stream, { maxCount: 1 }))[0];
  if (scheduled === undefined) throw new NotFoundError('inspection not found');
  const data = scheduled.data as { inspectorId: string; departmentId: string };
  const owner = (await deps.departmentOf(data.inspectorId)) ?? data.departmentId;
  const command: InspectionCommand = {
    type: 'CompleteInspection',
    responses: responses.map((r) => ({ itemId: r.itemId, result: r.result, note: r.note ?? null })),
    actionIds: responses.map(() => newId()),
    ownerDepartmentId: owner,
    actionDueDays: deps.actionDueDays,
    now: ctx.now,
  };
  return handleCommand(deps.log, stream, inspectionDecider, command, ctx);
}

export function runInspectionCommand(
  log: EventStore,
  inspectionId: string,
  command: InspectionCommand,
  ctx: Ctx,
) {
  return handleCommand(log, inspectionStream.name(inspectionId), inspectionDecider, command, ctx);
}

export async function createCourse(
  log: EventStore,
  input: {
    name: string;
    validityMonths: number;
    requiredForRoles?: CourseEvent['data']['requiredForRoles'] | undefined;
  },
  ctx: Ctx,
): Promise<Result<'courseId'>> {
  const courseId = newId();
  const course = {
    courseId,
    name: input.name,
    validityMonths: input.validityMonths,
    requiredForRoles: input.requiredForRoles ?? [],
  };
  const result = await handleCommand(
    log,
    courseStream.name(courseId),
    courseDecider,
    { type: 'CreateCourse', course },
    ctx,
  );
  return { ...result, courseId };
}

export async function recordTraining(
  log: EventStore,
  input: {
    employeeId: string;
    courseId: string;
    completedAt: string;
    trainer?: string | undefined;
    score?: number | undefined;
  },
  ctx: Ctx,
): Promise<Result<'recordId' | 'expiresAt'>> {
  const course = (await log.readStream(courseStream.name(input.courseId), { maxCount: 1 }))[0];
  if (course === undefined) throw new DomainError('UNKNOWN_COURSE', 'there is no course with this id');
  const { validityMonths } = course.data as CourseEvent['data'];
  const completedAt = new Date(input.completedAt);
  const expiresAt = trainingExpiry(completedAt, validityMonths).toISOString();
  const recordId = newId();
  const record = {
    recordId,
    employeeId: input.employeeId,
    courseId: input.courseId,
    completedAt: completedAt.toISOString(),
    expiresAt,
    trainer: input.trainer ?? null,
    score: input.score ?? null,
  };
  const result = await handleCommand(
    log,
    trainingRecordStream.name(recordId),
    trainingRecordDecider,
    { type: 'RecordTraining', record },
    ctx,
  );
  return { ...result, recordId, expiresAt };
}

type ControlInput = {
  type: 'elimination' | 'substitution' | 'engineering' | 'administrative' | 'ppe';
  description: string;
};

export async function identifyHazard(
  log: EventStore,
  input: {
    title: string;
    description: string;
    location: string;
    departmentId: string;
    likelihood: number;
    severity: number;
    controls: readonly ControlInput[];
    reviewDate?: string | undefined;
  },
  ctx: Ctx,
): Promise<Result<'hazardId'> & { initial: ReturnType<typeof riskAssessment> }> {
  const hazardId = newId();
  const initial = riskAssessment(input.likelihood, input.severity);
  const hazard = {
    hazardId,
    title: input.title,
    description: input.description,
    location: input.location,
    departmentId: input.departmentId,
    initial,
    controls: byHierarchy(input.controls),
    reviewDate: input.reviewDate ?? null,
    identifiedAt: ctx.now.toISOString(),
  };
  const result = await handleCommand(
    log,
    hazardStream.name(hazardId),
    hazardDecider,
    { type: 'IdentifyHazard', hazard },
    ctx,
  );
  return { ...result, hazardId, initial };
}

export function assessHazard(
  log: EventStore,
  hazardId: string,
  command: Omit<Extract<HazardCommand, { type: 'AssessHazard' }>, 'type'>,
  ctx: Ctx,
) {
  return handleCommand(
    log,
    hazardStream.name(hazardId),
    hazardDecider,
    { type: 'AssessHazard', ...command },
    ctx,
  );
}
