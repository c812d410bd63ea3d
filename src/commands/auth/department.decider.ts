/** Departments: created once; users and read models refer to them by id. */
import type { DepartmentEvent } from '../../events/auth/user.events.js';
import type { Decider } from '../decider.js';

export type CreateDepartment = {
  readonly type: 'CreateDepartment';
  readonly departmentId: string;
  readonly name: string;
};
export type DepartmentState = { readonly exists: boolean };

export const departmentDecider: Decider<CreateDepartment, DepartmentState, DepartmentEvent> = {
  initialState: { exists: false },
  decide: (command, state) =>
    state.exists
      ? []
      : [{ type: 'DepartmentCreated', data: { departmentId: command.departmentId, name: command.name } }],
  evolve: () => ({ exists: true }),
};
