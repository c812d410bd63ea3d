/** What health & safety reads of the users read model (identity module): departments, names, roles. */
import type { Knex } from 'knex';

export async function userDepartment(db: Knex, userId: string): Promise<string | null> {
  const row = await db('users')
    .where({ id: userId })
    .first<{ department_id: string | null } | undefined>('department_id');
  return row?.department_id ?? null;
}
