/** Request and response schemas of the audit routes (the OpenAPI document comes from these). */
import { z } from 'zod';
import { SubjectId } from '../../events/audit/subject-erasure.events.js';
import { EXPORT_FORMATS } from '../../queries/audit/export-writer.js';
import { PageQuery } from '../auth/identity.schemas.js';

const Position = z.string().regex(/^\d{1,20}$/);
const Instant = z.iso.datetime({ offset: true });

export const AuditFilters = z.object({
  stream: z.string().min(1).max(255).optional().describe('exact stream id'),
  category: z
    .string()
    .regex(/^[a-z][a-zA-Z0-9]{0,99}$/)
    .optional()
    .describe('stream category, e.g. user'),
  type: z.string().min(1).max(200).optional(),
  actorId: z.string().min(1).max(140).optional().describe('a user id, or system:<name>'),
  from: Instant.optional().describe('occurredAt ≥ from'),
  to: Instant.optional().describe('occurredAt ≤ to'),
});

export const AuditEventsQuery = PageQuery.extend(AuditFilters.shape);

export const AuditEvent = z.object({
  position: Position,
  streamId: z.string(),
  revision: Position,
  type: z.string(),
  data: z.unknown().describe('personal fields opened, or "[erased]" once their subject is erased'),
  metadata: z.record(z.string(), z.unknown()),
  erased: z.array(z.string()).describe('paths of personal fields whose subject was erased'),
});

export const AuditEventPage = z.object({ items: z.array(AuditEvent), nextCursor: z.string().nullable() });

export const StreamParams = z.object({ streamId: z.string().min(1).max(255) });

export const StreamQuery = z.object({
  limit: PageQuery.shape.limit,
  cursor: Position.optional().describe('the nextCursor of the previous page'),
});

export const StateQuery = z.object({
  asOf: Instant.optional().describe('default: now'),
});

export const StateResponse = z.object({
  streamId: z.string(),
  category: z.string(),
  asOf: z.string(),
  /** False when the stream's first event is later than asOf. */
  exists: z.boolean(),
  revision: Position.nullable().describe('revision of the last event folded'),
  position: Position.nullable(),
  eventCount: z.number().int(),
  state: z.unknown().describe("the decider's state, folded with its own evolve"),
});

export const VerifyQuery = z.object({ stream: z.string().min(1).max(255).optional() });

export const VerifyResponse = z.object({
  verifiedEvents: z.number().int(),
  brokenAt: z.object({ streamId: z.string(), revision: Position, position: Position }).nullable(),
});

export const ExportBody = z.object({
  format: z.enum(EXPORT_FORMATS),
  filters: AuditFilters.strict().default({}),
});

export const EraseParams = z.object({ subjectId: SubjectId });
export const EraseBody = z.object({ reason: z.string().trim().min(1).max(500) });
