/**
 * Identity: users and departments, event-sourced like everything else. Names, emails and
 * phones are personal data, sealed with the user's own key.
 */
import { z } from 'zod';
import { defineEvent, type EventOf } from '../event-registry.js';
import { streamCategory } from '../stream-names.js';
import { ROLES } from './roles.js';

export const userStream = streamCategory('user');
export const departmentStream = streamCategory('department');
/** Reserves an email for one user, so two registrations can't share it (named by a keyed hash, never the email). */
export const userEmailStream = streamCategory('userEmail');

const roles = z.array(z.enum(ROLES)).min(1);

export const UserRegistered = defineEvent({
  type: 'UserRegistered',
  schemaVersion: 1,
  schema: z.object({
    userId: z.uuid(),
    email: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    passwordHash: z.string(),
    roles,
    departmentId: z.uuid().nullable(),
    registeredAt: z.iso.datetime(),
  }),
  personal: { subject: (d) => d.userId, paths: ['email', 'name', 'phone'] },
});

export const RolesAssigned = defineEvent({
  type: 'RolesAssigned',
  schemaVersion: 1,
  schema: z.object({ userId: z.uuid(), roles }),
});

export const PasswordChanged = defineEvent({
  type: 'PasswordChanged',
  schemaVersion: 1,
  schema: z.object({ userId: z.uuid(), passwordHash: z.string(), changedAt: z.iso.datetime() }),
});

export const UserDeactivated = defineEvent({
  type: 'UserDeactivated',
  schemaVersion: 1,
  schema: z.object({ userId: z.uuid(), deactivatedAt: z.iso.datetime() }),
});

export const EmailReserved = defineEvent({
  type: 'EmailReserved',
  schemaVersion: 1,
  schema: z.object({ userId: z.uuid() }),
});

export const DepartmentCreated = defineEvent({
  type: 'DepartmentCreated',
  schemaVersion: 1,
  schema: z.object({ departmentId: z.uuid(), name: z.string().min(1).max(200) }),
});

export const authEvents = [
  UserRegistered,
  RolesAssigned,
  PasswordChanged,
  UserDeactivated,
  EmailReserved,
  DepartmentCreated,
] as const;

export type UserEvent =
  | EventOf<typeof UserRegistered>
  | EventOf<typeof RolesAssigned>
  | EventOf<typeof PasswordChanged>
  | EventOf<typeof UserDeactivated>;
export type EmailReservationEvent = EventOf<typeof EmailReserved>;
export type DepartmentEvent = EventOf<typeof DepartmentCreated>;
