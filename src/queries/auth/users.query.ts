/** Reads of the users read model: login lookup, lists, the current user. */
import type { Knex } from 'knex';
import type { Role } from '../../events/auth/roles.js';
import { mapPage, paginate, type Page, type PageRequest } from '../pagination.js';

export type UserView = {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly phone: string | null;
  readonly roles: Role[];
  readonly departmentId: string | null;
  readonly active: boolean;
};

export type Credentials = { readonly user: UserView; readonly passwordHash: string };

type UserRow = {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  roles: string;
  department_id: string | null;
  active: number | boolean;
  password_hash: string;
};

const toView = (row: UserRow): UserView => ({
  id: row.id,
  email: row.email,
  name: row.name,
  phone: row.phone,
  roles: JSON.parse(row.roles) as Role[],
  departmentId: row.department_id,
  active: Boolean(row.active),
});

export async function findCredentials(db: Knex, email: string): Promise<Credentials | undefined> {
  const row = await db<UserRow>('users').where('email_normalized', email.trim().toLowerCase()).first();
  return row === undefined ? undefined : { user: toView(row), passwordHash: row.password_hash };
}

export async function getUser(db: Knex, id: string): Promise<UserView | undefined> {
  const row = await db<UserRow>('users').where({ id }).first();
  return row === undefined ? undefined : toView(row);
}

export async function listUsers(
  db: Knex,
  request: PageRequest & { departmentId?: string | undefined },
): Promise<Page<UserView>> {
  const query = db('users').select('*');
  if (request.departmentId !== undefined) void query.where({ department_id: request.departmentId });
  return mapPage(await paginate<UserRow>(query, ['email_normalized', 'id'], request), toView);
}

export async function countUsers(db: Knex): Promise<number> {
  const row = await db('users').count({ n: '*' }).first<{ n: number | string }>();
  return Number(row?.n ?? 0);
}

export type DepartmentView = { readonly id: string; readonly name: string };

export async function listDepartments(db: Knex, request: PageRequest): Promise<Page<DepartmentView>> {
  const page = await paginate<{ id: string; name: string }>(
    db('departments').select('id', 'name'),
    ['name', 'id'],
    request,
  );
  return mapPage(page, (row) => ({ id: row.id, name: row.name }));
}

export async function departmentExists(db: Knex, id: string): Promise<boolean> {
  return (await db('departments').where({ id }).first()) !== undefined;
}
