/**
 * Keeps the in-memory face index equal to the log: at start every enrolment and erasure is
 * replayed (templates arrive opened by the event log; erased ones read as ERASED and are
 * skipped), then a subscription applies what other processes append. A removed template is
 * remembered, so a late replay of its enrolment can never bring it back. A person's full
 * erasure (the audit module's SubjectErased) also shreds their biometric key.
 */
import type { FastifyBaseLogger } from 'fastify';
import {
  decodeTemplate,
  type FingerprintIndex,
  type TemplateIndex,
} from '../commands/biometric/biometric-ports.js';
import type { RecordedEvent } from '../events/envelope.js';
import { biometricKeyId } from '../events/biometric/biometric.events.js';
import type { Subscription } from '../eventstore/event-store.port.js';
import type { EventLog } from '../eventstore/event-log.js';
import { setTimeout as sleep } from 'node:timers/promises';

const TYPES = ['BiometricTemplateEnrolled', 'BiometricSubjectErased', 'SubjectErased'];
const PAGE = 5000;
const RESUBSCRIBE_MS = 1000;

export type IndexSync = {
  /** Removes a subject now (the erasing request does not wait for the subscription). */
  readonly removeSubject: (subjectId: string) => void;
  readonly close: () => Promise<void>;
};

export async function startTemplateIndexSync(
  log: EventLog,
  index: Indexes,
  logger: FastifyBaseLogger,
): Promise<IndexSync> {
  const removedSubjects = new Map<string, bigint>();
  const apply = (event: RecordedEvent, live: boolean) =>
    applyEvent(event, live, { log, index, removedSubjects });
  // Read first: whatever lands after it comes through the subscription, which starts there.
  const headBefore = await log.headPosition();
  let from = 0n;
  let position = headBefore;
  for (;;) {
    const page = await log.readAll({ from, limit: PAGE, filter: { eventTypes: TYPES } });
    for (const event of page) await apply(event, false);
    const last = page.at(-1)?.position;
    if (last !== undefined && last > position) position = last;
    if (page.length < PAGE) break;
    from = last!;
  }
  let closed = false;
  const stopped = new AbortController();
  let subscription: Subscription | undefined;
  // A dropped subscription (the log's server restarting) resumes where it stopped.
  const running = (async () => {
    while (!closed) {
      subscription = log.subscribe({ from: position, filter: { eventTypes: TYPES } });
      try {
        for await (const item of subscription) {
          if (item.kind === 'event') await apply(item.event, true);
          position = item.kind === 'event' ? item.event.position : item.position;
        }
        return;
      } catch (error) {
        if (closed) return;
        logger.warn({ err: error }, 'face index subscription failed; resubscribing');
        await sleep(RESUBSCRIBE_MS, undefined, { signal: stopped.signal }).catch(() => undefined);
      }
    }
  })();
  return {
    removeSubject: (subjectId) => {
      removedSubjects.set(subjectId, BigInt(Number.MAX_SAFE_INTEGER));
      index.face.removeSubject(subjectId);
      index.fingerprint.removeSubject(subjectId);
    },
    close: async () => {
      closed = true;
      stopped.abort();
      await subscription?.close();
      await running;
    },
  };
}

/** The in-memory indexes a template lands in, by modality. */
export type Indexes = { readonly face: TemplateIndex; readonly fingerprint: FingerprintIndex };

type SyncState = {
  readonly log: EventLog;
  readonly index: Indexes;
  readonly removedSubjects: Map<string, bigint>;
};

async function applyEvent(event: RecordedEvent, live: boolean, s: SyncState): Promise<void> {
  const data = event.data as {
    subjectId?: string;
    templateId?: string;
    template?: string;
    subjectType?: string;
    modality?: string;
  };
  if (typeof data.subjectId !== 'string') return;
  if (event.type === 'BiometricTemplateEnrolled') {
    const removedAt = s.removedSubjects.get(data.subjectId);
    if (event.erased !== undefined || (removedAt !== undefined && removedAt >= event.position)) return;
    const { templateId, subjectType, template } = data;
    if (templateId === undefined || subjectType === undefined || template === undefined) return;
    const ref = { templateId, subjectId: data.subjectId, subjectType };
    if (data.modality === 'fingerprint') s.index.fingerprint.upsert(ref, Buffer.from(template, 'base64'));
    else s.index.face.upsert(ref, decodeTemplate(template));
    return;
  }
  // An erasure wins over every enrolment before it, even one replayed later.
  s.removedSubjects.set(data.subjectId, event.position);
  s.index.face.removeSubject(data.subjectId);
  s.index.fingerprint.removeSubject(data.subjectId);
  if (event.type === 'SubjectErased' && live) await s.log.eraseSubject(biometricKeyId(data.subjectId));
}
