/**
 * Takes the next badge number of the day: pick a counter shard, read its last event, decide,
 * append at that revision; on a conflict try again on another shard (short random back-off),
 * so numbers are unique per day without a lock, across processes too.
 */
import { randomInt } from 'node:crypto';
import type { CommandContext } from '../../events/envelope.js';
import { visitorBadgeStream } from '../../events/visitors/visit.events.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { batchedCounter } from '../batched-counter.js';
import {
  BADGE_SHARDS,
  badgeCounterId,
  badgeDay,
  badgeNumberDecider,
  formatBadgeNumber,
} from './badge-number.decider.js';

const ATTEMPTS = 100;

// Check-ins of one process share one read and one append per batch (batched-counter.ts); a
// conflict with another process retries the batch on another shard.
const nextBadgeNumber = batchedCounter({
  decider: badgeNumberDecider,
  target: (day) => {
    const shard = randomInt(BADGE_SHARDS);
    return {
      stream: visitorBadgeStream.name(badgeCounterId(day, shard)),
      command: (visitId: string) => ({ type: 'AssignBadgeNumber' as const, day, shard, visitId }),
    };
  },
  attempts: ATTEMPTS,
  busyMessage: 'badge numbering is too busy; try again',
});

export async function assignBadgeNumber(
  log: EventStore,
  visitId: string,
  context: CommandContext,
): Promise<string> {
  const { event } = await nextBadgeNumber(log, badgeDay(context.now), { input: visitId, context });
  return formatBadgeNumber(event.data.shard, event.data.sequence);
}
