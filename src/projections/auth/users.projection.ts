/**
 * Users and departments read model: what login, `GET /api/users` and `GET /api/auth/me`
 * read. Personal fields arrive opened by the event log (or as ERASED after erasure); on
 * SubjectErased the user's clear copies here are scrubbed too (the row and its counts stay).
 */
import { ERASED, type RecordedEvent } from '../../events/envelope.js';
import type { SubjectErasureEvent } from '../../events/audit/subject-erasure.events.js';
import type { DepartmentEvent, UserEvent } from '../../events/auth/user.events.js';
import type { ProjectionContext, Projector } from '../projector.js';

export const usersProjector: Projector = {
  name: 'users',
  version: 1,
  handles: [
    'UserRegistered',
    'RolesAssigned',
    'PasswordChanged',
    'UserDeactivated',
    'DepartmentCreated',
    'SubjectErased',
  ],
  tables: {
    users: (t) => {
      t.string('id', 36).primary();
      t.string('email', 320).notNullable();
      t.string('email_normalized', 320).notNullable().index();
      t.string('name', 300).notNullable();
      t.string('phone', 100).nullable();
      t.string('password_hash', 100).notNullable();
      t.text('roles').notNullable();
      t.string('department_id', 36).nullable().index();
      t.boolean('active').notNullable();
      t.string('registered_at', 30).notNullable();
    },
    departments: (t) => {
      t.string('id', 36).primary();
      t.string('name', 200).notNullable();
      t.bigInteger('created_position').notNullable();
    },
  },
  apply: (ctx, event) =>
    applyUserEvent(ctx, event as RecordedEvent<UserEvent | DepartmentEvent | SubjectErasureEvent>),
};

async function applyUserEvent(
  ctx: ProjectionContext,
  event: RecordedEvent<UserEvent | DepartmentEvent | SubjectErasureEvent>,
) {
  switch (event.type) {
    case 'UserRegistered': {
      const d = event.data;
      await ctx
        .table('users')
        .insert({
          id: d.userId,
          email: d.email,
          email_normalized: normalizeEmail(d.email),
          name: d.name,
          phone: d.phone,
          password_hash: d.passwordHash,
          roles: JSON.stringify(d.roles),
          department_id: d.departmentId,
          active: true,
          registered_at: d.registeredAt,
        })
        .onConflict('id')
        .ignore();
      return;
    }
    case 'RolesAssigned':
      await ctx
        .table('users')
        .where({ id: event.data.userId })
        .update({ roles: JSON.stringify(event.data.roles) });
      return;
    case 'PasswordChanged':
      await ctx
        .table('users')
        .where({ id: event.data.userId })
        .update({ password_hash: event.data.passwordHash });
      return;
    case 'UserDeactivated':
      await ctx.table('users').where({ id: event.data.userId }).update({ active: false });
      return;
    case 'DepartmentCreated':
      await ctx
        .table('departments')
        .insert({
          id: event.data.departmentId,
          name: event.data.name,
          created_position: String(event.position),
        })
        .onConflict('id')
        .ignore();
      return;
    case 'SubjectErased':
      await ctx
        .table('users')
        .where({ id: event.data.subjectId })
        .update({
          email: ERASED,
          email_normalized: ERASED,
          name: ERASED,
          phone: ctx.trx.raw('CASE WHEN phone IS NULL THEN NULL ELSE ? END', [ERASED]),
        });
      return;
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
