/**
 * Takes the next badge number of the day: pick a counter shard, read its last event, decide,
 * append at that revision; on a conflict try again on another shard (short random back-off),
 * so numbers are unique per day without a lock and 50 kiosks do not queue on one stream.
 */
import { randomInt } from 'node:crypto';
import type { CommandContext } from '../../events/envelope.js';
import { visitorBadgeStream } from '../../events/visitors/visit.events.js';
import { WrongExpectedVersionError, type EventStore } from '../../eventstore/event-store.port.js';
import { fold } from '../decider.js';
import { ConcurrencyError } from '../domain-error.js';
import { toAppend } from '../handle-command.js';
import {
  BADGE_SHARDS,
  badgeCounterId,
  badgeDay,
  badgeNumberDecider,
  formatBadgeNumber,
} from './badge-number.decider.js';

const ATTEMPTS = 100;

export async function assignBadgeNumber(
  log: EventStore,
  visitId: string,
  context: CommandContext,
): Promise<string> {
  const day = badgeDay(context.now);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const shard = randomInt(BADGE_SHARDS);
    const stream = visitorBadgeStream.name(badgeCounterId(day, shard));
    const last = await log.readStream(stream, { direction: 'backwards', maxCount: 1 });
    const state = fold(badgeNumberDecider, last as never);
    const events = badgeNumberDecider.decide({ type: 'AssignBadgeNumber', day, shard, visitId }, state);
    try {
      await log.append(
        stream,
        events.map((e) => toAppend(e, context)),
        { expectedRevision: last[0]?.revision ?? 'no_stream' },
      );
      return formatBadgeNumber(shard, events[0]!.data.sequence);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(attempt, 10)));
    }
  }
  throw new ConcurrencyError('badge numbering is too busy; try again');
}
