/**
 * Users: registration, roles, password, deactivation. Passwords arrive already hashed
 * (hashing is slow, salted IO; the decider stays pure).
 */
import type { Role } from '../../events/auth/roles.js';
import type { UserEvent } from '../../events/auth/user.events.js';
import { assertNever, type Decider } from '../decider.js';
import { DomainError, NotFoundError } from '../domain-error.js';

export type UserCommand =
  | {
      readonly type: 'RegisterUser';
      readonly userId: string;
      readonly email: string;
      readonly name: string;
      readonly phone: string | null;
      readonly passwordHash: string;
      readonly roles: readonly Role[];
      readonly departmentId: string | null;
      readonly now: Date;
    }
  | { readonly type: 'AssignRoles'; readonly userId: string; readonly roles: readonly Role[] }
  | {
      readonly type: 'ChangePassword';
      readonly userId: string;
      readonly passwordHash: string;
      readonly now: Date;
    }
  | { readonly type: 'DeactivateUser'; readonly userId: string; readonly now: Date };

export type UserState =
  | { readonly status: 'absent' }
  | { readonly status: 'active'; readonly roles: readonly Role[] }
  | { readonly status: 'inactive'; readonly roles: readonly Role[] };

export const userDecider: Decider<UserCommand, UserState, UserEvent> = {
  initialState: { status: 'absent' },
  decide: (command, state) => {
    switch (command.type) {
      case 'RegisterUser':
        return register(command, state);
      case 'AssignRoles':
        return assignRoles(command, state);
      case 'ChangePassword':
        requireActive(state);
        return [
          {
            type: 'PasswordChanged',
            data: {
              userId: command.userId,
              passwordHash: command.passwordHash,
              changedAt: command.now.toISOString(),
            },
          },
        ];
      case 'DeactivateUser':
        if (state.status === 'absent') throw new NotFoundError('user not found');
        if (state.status === 'inactive') return [];
        return [
          {
            type: 'UserDeactivated',
            data: { userId: command.userId, deactivatedAt: command.now.toISOString() },
          },
        ];
      default:
        return assertNever(command);
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'UserRegistered':
        return { status: 'active', roles: event.data.roles };
      case 'RolesAssigned':
        return state.status === 'absent' ? state : { ...state, roles: event.data.roles };
      case 'PasswordChanged':
        return state;
      case 'UserDeactivated':
        return state.status === 'absent' ? state : { ...state, status: 'inactive' };
      default:
        return assertNever(event);
    }
  },
};

function register(command: Extract<UserCommand, { type: 'RegisterUser' }>, state: UserState): UserEvent[] {
  if (state.status !== 'absent') throw new DomainError('USER_EXISTS', 'this user is already registered');
  const { type: _type, now, roles, ...data } = command;
  return [{ type: 'UserRegistered', data: { ...data, roles: [...roles], registeredAt: now.toISOString() } }];
}

function assignRoles(command: Extract<UserCommand, { type: 'AssignRoles' }>, state: UserState): UserEvent[] {
  const { roles } = requireActive(state);
  const same = roles.length === command.roles.length && command.roles.every((r) => roles.includes(r));
  return same ? [] : [{ type: 'RolesAssigned', data: { userId: command.userId, roles: [...command.roles] } }];
}

function requireActive(state: UserState): Extract<UserState, { status: 'active' }> {
  if (state.status === 'absent') throw new NotFoundError('user not found');
  if (state.status === 'inactive') throw new DomainError('USER_INACTIVE', 'this user is deactivated');
  return state;
}
