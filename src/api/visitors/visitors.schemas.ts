/** Request and response schemas of the visitors routes (API.md §Visitors). */
import { z } from 'zod';
import { VISIT_STATUSES } from '../../queries/visitors/list-visits.query.js';
import { PageQuery } from '../auth/identity.schemas.js';

const name = z.string().trim().min(1).max(100);

export const VisitorInput = z.object({
  firstName: name,
  lastName: name,
  email: z.email().max(320).optional(),
  phone: z.string().trim().min(3).max(40).optional(),
  company: z.string().trim().min(1).max(200).optional(),
});

export const InvitationBody = z.object({
  visitor: VisitorInput,
  hostId: z.uuid(),
  purpose: z.string().trim().min(1).max(500),
  expectedArrival: z.iso.datetime({ offset: true }),
  expectedDeparture: z.iso.datetime({ offset: true }),
});

export const InvitationResponse = z.object({
  id: z.string(),
  invitationId: z.uuid(),
  token: z.string(),
  expiresAt: z.string(),
  checkInUrl: z.string(),
  revision: z.string(),
  position: z.string(),
});

export const TokenResponse = InvitationResponse.omit({ invitationId: true });

const TokenBody = z.object({ token: z.string().min(1).max(200) });
export const ValidateTokenBody = TokenBody;
export const RevokeTokenBody = TokenBody;

export const RevokeTokenResponse = z.object({
  id: z.string(),
  revoked: z.literal(true),
  kind: z.enum(['invitation', 'walk_in']),
  revision: z.string(),
  position: z.string(),
});

export const ValidateTokenResponse = z.object({
  valid: z.boolean(),
  reason: z.enum(['unknown', 'used', 'expired', 'revoked', 'not_yet_valid']).optional(),
  kind: z.enum(['invitation', 'walk_in']).optional(),
  expiresAt: z.string().optional(),
  invitation: z
    .object({
      invitationId: z.uuid(),
      hostId: z.uuid(),
      hostName: z.string().nullable(),
      purpose: z.string(),
      expectedArrival: z.string().nullable(),
      expectedDeparture: z.string().nullable(),
    })
    .optional(),
});

export const CheckInBody = z.object({
  token: z.string().min(1).max(200).optional(),
  visitor: VisitorInput,
  hostId: z.uuid(),
  purpose: z.string().trim().min(1).max(500),
  expectedDeparture: z.iso.datetime({ offset: true }).optional(),
});

export const CheckInResponse = z.object({
  id: z.string(),
  visitId: z.uuid(),
  visitorId: z.uuid(),
  status: z.enum(['checked_in', 'pending_approval']),
  badgeNumber: z.string(),
  revision: z.string(),
  position: z.string(),
});

export const VisitIdParams = z.object({ visitId: z.uuid() });
export const RejectBody = z.object({ reason: z.string().trim().min(1).max(500) });
export const CheckOutBody = z.object({ visitId: z.uuid() });

export const VisitCommandResponse = z.object({
  id: z.string(),
  visitId: z.uuid(),
  status: z.string(),
  revision: z.string(),
  position: z.string(),
});
export const CheckOutResponse = VisitCommandResponse.extend({
  status: z.literal('checked_out'),
  durationMinutes: z.number().int(),
});

export const EntryPassQuery = z.object({
  visitId: z.uuid(),
  format: z.enum(['json', 'pdf', 'png']).default('json'),
});
export const EntryPassResponse = z.object({
  visitId: z.uuid(),
  visitorName: z.string(),
  company: z.string().nullable(),
  hostName: z.string().nullable(),
  purpose: z.string(),
  badgeNumber: z.string().nullable(),
  checkedInAt: z.string().nullable(),
  validUntil: z.string(),
  qr: z.string().describe('JWS (HS256) with visitId and exp, verifiable offline'),
});

export const VisitItem = z.object({
  visitId: z.uuid(),
  visitorId: z.uuid(),
  visitorName: z.string(),
  company: z.string().nullable(),
  hostId: z.uuid(),
  hostName: z.string().nullable(),
  purpose: z.string(),
  status: z.enum(VISIT_STATUSES),
  checkedInAt: z.string().nullable(),
  checkedOutAt: z.string().nullable(),
  durationMinutes: z.number().int().nullable(),
  expectedDeparture: z.string().nullable(),
  badgeNumber: z.string().nullable(),
  overstayed: z.boolean(),
});

export const VisitDetail = VisitItem.extend({
  timeline: z.array(z.object({ type: z.string(), at: z.string(), actorId: z.string() })),
});

export const HistoryQuery = PageQuery.extend({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  hostId: z.uuid().optional(),
  status: z.enum(VISIT_STATUSES).optional(),
  q: z.string().trim().min(1).max(100).optional(),
});

export const WatchlistBody = z.object({
  firstName: name,
  lastName: name,
  email: z.email().max(320).optional(),
  reason: z.string().trim().min(1).max(500),
});
export const WatchlistItem = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  reason: z.string(),
  addedBy: z.string(),
  addedAt: z.string(),
  active: z.boolean(),
});
export const WatchlistIdParams = z.object({ id: z.uuid() });

export const NotificationsQuery = PageQuery.extend({ visitId: z.uuid().optional() });
export const NotificationItem = z.object({
  id: z.uuid(),
  visitId: z.uuid(),
  kind: z.string(),
  recipient: z.string(),
  channel: z.string(),
  status: z.enum(['sent', 'failed']),
  message: z.string(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  at: z.string(),
});

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');
export const StatsQuery = z.object({ from: day, to: day });
const DayStats = z.object({
  visits: z.number(),
  uniqueVisitors: z.number(),
  totalDurationMinutes: z.number(),
  avgDurationMinutes: z.number().nullable(),
});
export const StatsResponse = z.object({
  from: z.string(),
  to: z.string(),
  days: z.array(DayStats.extend({ day: z.string() })),
  totals: DayStats.extend({ checkinsByHour: z.array(z.number()), peakHour: z.number().nullable() }),
});
