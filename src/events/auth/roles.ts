/** The roles of API.md §Roles. A user holds one or more. */
export const ROLES = [
  'admin',
  'security',
  'kiosk',
  'employee',
  'safety_officer',
  'analyst',
  'auditor',
  'executive',
] as const;

export type Role = (typeof ROLES)[number];
