/**
 * A day's badge numbers: each BadgeNumberAssigned takes the next sequence on one of the day's
 * counter streams, so numbers are short and unique per day. A day has a few counter shards
 * (the shard is the number's first digit) so concurrent check-ins rarely contend for one
 * stream. Only the last event of a shard matters.
 */
import type { BadgeNumberEvent } from '../../events/visitors/visit.events.js';
import type { Decider } from '../decider.js';

export const BADGE_SHARDS = 8;

export type AssignBadgeNumber = {
  readonly type: 'AssignBadgeNumber';
  readonly day: string;
  readonly shard: number;
  readonly visitId: string;
};
export type BadgeNumberState = { readonly last: number };

export const badgeNumberDecider: Decider<AssignBadgeNumber, BadgeNumberState, BadgeNumberEvent> = {
  initialState: { last: 0 },
  decide: (command, state) => [
    {
      type: 'BadgeNumberAssigned',
      data: { day: command.day, shard: command.shard, sequence: state.last + 1, visitId: command.visitId },
    },
  ],
  evolve: (_state, event) => ({ last: event.data.sequence }),
};

/** `V-30042`: shard 3, sequence 42. The day is on the badge already; unique within it. */
export function formatBadgeNumber(shard: number, sequence: number): string {
  return `V-${shard}${String(sequence).padStart(4, '0')}`;
}

/** The UTC day a badge number belongs to, as `YYYYMMDD`. */
export function badgeDay(now: Date): string {
  return now.toISOString().slice(0, 10).replace(/-/g, '');
}

/** The counter stream id of a day's shard: `<YYYYMMDD>s<shard>`. */
export function badgeCounterId(day: string, shard: number): string {
  return `${day}s${shard}`;
}
