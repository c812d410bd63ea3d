/**
 * Visitors: invitations, walk-ins, the visit lifecycle (DOMAIN.md §Visitors). One stream per
 * visit (an invitation is the visit before arrival); one per token, named by the token's
 * hash, so single use is the event store's expected revision; one per day for badge numbers.
 * The visitor's name, email, phone and company are personal data sealed with the visitor's key.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';

export const visitStream = streamCategory('visit');
export const visitTokenStream = streamCategory('visitToken');
export const visitorBadgeStream = streamCategory('visitorBadge');

export const VisitorDetails = z.object({
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
});
export type VisitorDetails = z.infer<typeof VisitorDetails>;

const VISITOR_PATHS = [
  'visitor.firstName',
  'visitor.lastName',
  'visitor.email',
  'visitor.phone',
  'visitor.company',
] as const;
const bySubject = { subject: (d: { visitorId: string }) => d.visitorId, paths: VISITOR_PATHS };
const at = z.iso.datetime();

export const VisitorInvited = defineEvent({
  type: 'VisitorInvited',
  schemaVersion: 1,
  schema: z.object({
    visitId: z.uuid(),
    visitorId: z.uuid(),
    visitor: VisitorDetails,
    hostId: z.uuid(),
    purpose: z.string(),
    expectedArrival: at,
    expectedDeparture: at,
    invitedAt: at,
  }),
  personal: bySubject,
});

export const VisitorCheckedIn = defineEvent({
  type: 'VisitorCheckedIn',
  schemaVersion: 1,
  schema: z.object({
    visitId: z.uuid(),
    visitorId: z.uuid(),
    visitor: VisitorDetails,
    hostId: z.uuid(),
    purpose: z.string(),
    expectedDeparture: at.nullable(),
    badgeNumber: z.string(),
    /** Walk-ins wait for their host: the visit is pending_approval until approved. */
    approvalRequired: z.boolean(),
    checkedInAt: at,
  }),
  personal: bySubject,
});

export const VisitApproved = defineEvent({
  type: 'VisitApproved',
  schemaVersion: 1,
  schema: z.object({ visitId: z.uuid(), approvedBy: z.string(), approvedAt: at }),
});

export const VisitRejected = defineEvent({
  type: 'VisitRejected',
  schemaVersion: 1,
  schema: z.object({ visitId: z.uuid(), reason: z.string(), rejectedBy: z.string(), rejectedAt: at }),
});

export const VisitorCheckedOut = defineEvent({
  type: 'VisitorCheckedOut',
  schemaVersion: 1,
  schema: z.object({
    visitId: z.uuid(),
    visitorId: z.uuid(),
    /** Repeated from the check-in so statistics can file the duration under its day. */
    checkedInAt: at,
    checkedOutAt: at,
    durationMinutes: z.number().int().min(0),
  }),
});

export const VisitorDenied = defineEvent({
  type: 'VisitorDenied',
  schemaVersion: 1,
  schema: z.object({
    visitId: z.uuid(),
    visitorId: z.uuid(),
    visitor: VisitorDetails,
    hostId: z.uuid(),
    watchlistEntryId: z.uuid(),
    deniedAt: at,
  }),
  personal: bySubject,
});

export const VisitOverstayed = defineEvent({
  type: 'VisitOverstayed',
  schemaVersion: 1,
  schema: z.object({ visitId: z.uuid(), hostId: z.uuid(), expectedDeparture: at, flaggedAt: at }),
});

export const InvitationExpired = defineEvent({
  type: 'InvitationExpired',
  schemaVersion: 1,
  schema: z.object({ visitId: z.uuid(), expiredAt: at }),
});

export const VisitTokenIssued = defineEvent({
  type: 'VisitTokenIssued',
  schemaVersion: 1,
  schema: z.object({
    tokenHash: z.string(),
    kind: z.enum(['invitation', 'walk_in']),
    /** The invited visit; null for a walk-in token (the visit is created at check-in). */
    visitId: z.uuid().nullable(),
    validFrom: at,
    validUntil: at,
    issuedAt: at,
  }),
});

export const VisitTokenUsed = defineEvent({
  type: 'VisitTokenUsed',
  schemaVersion: 1,
  schema: z.object({ tokenHash: z.string(), visitId: z.uuid(), usedAt: at }),
});

export const VisitTokenRevoked = defineEvent({
  type: 'VisitTokenRevoked',
  schemaVersion: 1,
  schema: z.object({ tokenHash: z.string(), revokedAt: at }),
});

export const BadgeNumberAssigned = defineEvent({
  type: 'BadgeNumberAssigned',
  schemaVersion: 1,
  schema: z.object({
    day: z.string(),
    shard: z.number().int().min(0),
    sequence: z.number().int().positive(),
    visitId: z.uuid(),
  }),
});

export const visitEvents = [
  VisitorInvited,
  VisitorCheckedIn,
  VisitApproved,
  VisitRejected,
  VisitorCheckedOut,
  VisitorDenied,
  VisitOverstayed,
  InvitationExpired,
  VisitTokenIssued,
  VisitTokenUsed,
  VisitTokenRevoked,
  BadgeNumberAssigned,
] as const;

export type VisitEvent =
  | EventOf<typeof VisitorInvited>
  | EventOf<typeof VisitorCheckedIn>
  | EventOf<typeof VisitApproved>
  | EventOf<typeof VisitRejected>
  | EventOf<typeof VisitorCheckedOut>
  | EventOf<typeof VisitorDenied>
  | EventOf<typeof VisitOverstayed>
  | EventOf<typeof InvitationExpired>;
export type VisitTokenEvent =
  EventOf<typeof VisitTokenIssued> | EventOf<typeof VisitTokenUsed> | EventOf<typeof VisitTokenRevoked>;
export type BadgeNumberEvent = EventOf<typeof BadgeNumberAssigned>;
