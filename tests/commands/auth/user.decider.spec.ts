import { describe, it } from 'vitest';
import { emailReservationDecider } from '../../../src/commands/auth/email-reservation.decider.js';
import { userDecider } from '../../../src/commands/auth/user.decider.js';
import type { UserEvent } from '../../../src/events/auth/user.events.js';
import { deciderSpec } from '../../support/decider-spec.js';

const userId = '6f1c2a8e-0d7b-4b43-9a52-2f1e5f0b7c11';
const now = new Date('2026-05-01T09:00:00Z');
const registered: UserEvent = {
  type: 'UserRegistered',
  data: {
    userId,
    email: 'ann@example.org',
    name: 'Ann',
    phone: null,
    passwordHash: 'h1',
    roles: ['employee'],
    departmentId: null,
    registeredAt: now.toISOString(),
  },
};
const register = {
  type: 'RegisterUser',
  userId,
  email: 'ann@example.org',
  name: 'Ann',
  phone: null,
  passwordHash: 'h1',
  roles: ['employee'],
  departmentId: null,
  now,
} as const;

describe('user decider', () => {
  const spec = deciderSpec(userDecider);

  it('registers a new user once', () => {
    spec.given([]).when(register).then([registered]);
    spec.given([registered]).when(register).thenThrows('USER_EXISTS');
  });

  it('assigns roles, and does nothing when they are unchanged', () => {
    spec
      .given([registered])
      .when({ type: 'AssignRoles', userId, roles: ['employee', 'security'] })
      .then([{ type: 'RolesAssigned', data: { userId, roles: ['employee', 'security'] } }]);
    spec
      .given([registered])
      .when({ type: 'AssignRoles', userId, roles: ['employee'] })
      .thenNothing();
    spec
      .given([])
      .when({ type: 'AssignRoles', userId, roles: ['admin'] })
      .thenThrows('NOT_FOUND');
  });

  it('refuses changes to a deactivated user', () => {
    const deactivated: UserEvent = {
      type: 'UserDeactivated',
      data: { userId, deactivatedAt: now.toISOString() },
    };
    spec
      .given([registered, deactivated])
      .when({ type: 'ChangePassword', userId, passwordHash: 'h2', now })
      .thenThrows('USER_INACTIVE');
    spec.given([registered, deactivated]).when({ type: 'DeactivateUser', userId, now }).thenNothing();
  });
});

describe('email reservation decider', () => {
  const spec = deciderSpec(emailReservationDecider);
  it('gives an email to the first user and refuses it to others', () => {
    spec
      .given([])
      .when({ type: 'ReserveEmail', userId: 'a' })
      .then([{ type: 'EmailReserved', data: { userId: 'a' } }]);
    spec
      .given([{ type: 'EmailReserved', data: { userId: 'a' } }])
      .when({ type: 'ReserveEmail', userId: 'a' })
      .thenNothing();
    spec
      .given([{ type: 'EmailReserved', data: { userId: 'a' } }])
      .when({ type: 'ReserveEmail', userId: 'b' })
      .thenThrows('EMAIL_TAKEN');
  });
});
