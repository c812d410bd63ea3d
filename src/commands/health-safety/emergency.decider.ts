/**
 * Emergency procedures are versioned documents: publishing appends version n + 1 and never
 * touches version n. Drills are recorded once, against the procedure version then current.
 */
import type { DrillEvent, ProcedureEvent } from '../../events/health-safety/emergency.events.js';
import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';

type Published = ProcedureEvent['data'];

export type PublishProcedureVersion = {
  readonly type: 'PublishProcedureVersion';
  readonly procedureId: string;
  readonly title: string;
  readonly content: string;
  readonly departmentId: string | null;
  readonly now: Date;
};

export const procedureDecider: Decider<
  PublishProcedureVersion,
  { latest: Published | null },
  ProcedureEvent
> = {
  initialState: { latest: null },
  decide: (command, state) => {
    const latest = state.latest;
    if (latest !== null && latest.title === command.title && latest.content === command.content) return [];
    return [
      {
        type: 'EmergencyProcedureVersionPublished',
        data: {
          procedureId: command.procedureId,
          version: (latest?.version ?? 0) + 1,
          title: command.title,
          content: command.content,
          departmentId: command.departmentId,
          publishedAt: command.now.toISOString(),
        },
      },
    ];
  },
  evolve: (_state, event) => ({ latest: event.data }),
};

type Drill = DrillEvent['data'];
export type RecordDrill = { readonly type: 'RecordDrill'; readonly drill: Omit<Drill, 'elapsedSeconds'> };

export const drillDecider: Decider<RecordDrill, { recorded: boolean }, DrillEvent> = {
  initialState: { recorded: false },
  decide: (command, state) => {
    if (state.recorded) return [];
    const { drill } = command;
    const elapsedMs = new Date(drill.allClearAt).getTime() - new Date(drill.startedAt).getTime();
    if (elapsedMs < 0)
      throw new DomainError('ALL_CLEAR_BEFORE_START', 'the all-clear cannot precede the alarm');
    if (drill.accountedFor > drill.expectedOnSite)
      throw new DomainError('ROLL_CALL_INCONSISTENT', 'more people accounted for than were on site');
    return [{ type: 'DrillRecorded', data: { ...drill, elapsedSeconds: Math.round(elapsedMs / 1000) } }];
  },
  evolve: () => ({ recorded: true }),
};
