/** Emergency procedures (each version its own event, never overwritten) and drill records. */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';

export const procedureStream = streamCategory('emergencyProcedure');
export const drillStream = streamCategory('drill');

export const EmergencyProcedureVersionPublished = defineEvent({
  type: 'EmergencyProcedureVersionPublished',
  schemaVersion: 1,
  schema: z.object({
    procedureId: z.uuid(),
    version: z.number().int().positive(),
    title: z.string(),
    content: z.string(),
    departmentId: z.uuid().nullable(),
    publishedAt: z.iso.datetime(),
  }),
});

export const DrillRecorded = defineEvent({
  type: 'DrillRecorded',
  schemaVersion: 1,
  schema: z.object({
    drillId: z.uuid(),
    procedureId: z.uuid(),
    procedureVersion: z.number().int().positive(),
    startedAt: z.iso.datetime(),
    allClearAt: z.iso.datetime(),
    elapsedSeconds: z.number().int().min(0),
    participants: z.number().int().min(0),
    /** Headcount expected on site at the alarm (visitors on site + participants). */
    expectedOnSite: z.number().int().min(0),
    accountedFor: z.number().int().min(0),
    rollCallSource: z.enum(['visitors_read_model', 'request']),
    notes: z.string().nullable(),
  }),
});

export const emergencyEvents = [EmergencyProcedureVersionPublished, DrillRecorded] as const;
export type ProcedureEvent = EventOf<typeof EmergencyProcedureVersionPublished>;
export type DrillEvent = EventOf<typeof DrillRecorded>;
