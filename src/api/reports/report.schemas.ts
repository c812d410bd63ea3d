/** Report generation and schedule requests. */
import { validate as validCron } from 'node-cron';
import { z } from 'zod';
import { REPORT_FORMATS, REPORT_TYPES, SchedulePeriod } from '../../events/reports/report.events.js';
import { CustomDefinition } from '../../queries/reports/custom-report.js';

/** A custom report needs its definition; the standard ones take none. */
function definitionFits(body: { type: string; definition?: unknown }, ctx: z.RefinementCtx): void {
  if (body.type === 'custom' && body.definition === undefined)
    ctx.addIssue({ code: 'custom', path: ['definition'], message: 'a custom report needs a definition' });
  if (body.type !== 'custom' && body.definition !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['definition'],
      message: 'only a custom report takes a definition',
    });
}

export const GenerateBody = z
  .object({
    type: z.enum(REPORT_TYPES),
    parameters: z
      .object({ from: z.iso.date(), to: z.iso.date(), departmentId: z.uuid().optional() })
      .refine((p) => p.from <= p.to, { message: 'from must not be after to', path: ['from'] }),
    format: z.enum(REPORT_FORMATS),
    definition: CustomDefinition.optional(),
  })
  .superRefine(definitionFits);

export const ScheduleBody = z.object({
  name: z.string().trim().min(1).max(200),
  cron: z
    .string()
    .trim()
    .max(100)
    .refine((c) => validCron(c), 'must be a cron expression, e.g. "0 7 * * 1" (Mondays at 07:00)'),
  report: z
    .object({
      type: z.enum(REPORT_TYPES),
      parameters: z.object({ period: SchedulePeriod, departmentId: z.uuid().optional() }),
      format: z.enum(REPORT_FORMATS),
      definition: CustomDefinition.optional(),
    })
    .superRefine(definitionFits),
  recipients: z.array(z.uuid()).min(1).max(20),
});

export const ReportParams = z.object({ id: z.uuid() });

export const ReportListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(500).optional(),
  status: z.enum(['queued', 'running', 'completed', 'failed']).optional(),
});

export const ReportSchema = z.object({
  reportId: z.uuid(),
  type: z.string(),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  format: z.string(),
  parameters: z.object({ from: z.string(), to: z.string(), departmentId: z.string().nullable() }),
  scheduleId: z.string().nullable(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  downloadUrl: z.string().nullable(),
  error: z.string().nullable(),
});
