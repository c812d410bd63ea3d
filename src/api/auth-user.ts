import type { Role } from '../events/auth/roles.js';

/** The caller as the API sees it: what the access token says, nothing a header could claim. */
export type AuthUser = {
  readonly id: string;
  readonly roles: readonly Role[];
  readonly departmentId: string | null;
};
