/** Request and response schemas of the identity routes (the OpenAPI document comes from these). */
import { z } from 'zod';
import { ROLES } from '../../events/auth/roles.js';

export const LoginBody = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(200),
});

export const UserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  departmentId: z.uuid().nullable(),
});

export const UserListItem = UserSchema.extend({ phone: z.string().nullable(), active: z.boolean() });

export const LoginResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
  user: UserSchema,
});

export const NewUserBody = z.object({
  email: z.email().max(320),
  password: z.string().min(8).max(200),
  name: z.string().trim().min(1).max(200),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  departmentId: z.uuid().optional(),
  phone: z.string().trim().min(3).max(40).optional(),
});

export const NewDepartmentBody = z.object({ name: z.string().trim().min(1).max(200) });
export const DepartmentSchema = z.object({ id: z.uuid(), name: z.string() });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
