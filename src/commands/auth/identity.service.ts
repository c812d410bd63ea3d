/**
 * Identity use cases over the event log: registering users (with a unique email), changing
 * roles and passwords, creating departments. Password hashing happens here, before the
 * command, so deciders stay pure.
 */
import { createHmac } from 'node:crypto';
import { newId } from '../new-id.js';
import type { Role } from '../../events/auth/roles.js';
import { departmentStream, userEmailStream, userStream } from '../../events/auth/user.events.js';
import type { CommandContext } from '../../events/envelope.js';
import type { EventStore } from '../../eventstore/event-store.port.js';
import { DomainError } from '../domain-error.js';
import { handleCommand, type CommandResult, type HandleOptions } from '../handle-command.js';
import { departmentDecider } from './department.decider.js';
import { emailReservationDecider } from './email-reservation.decider.js';
import { userDecider } from './user.decider.js';

export type PasswordHasher = {
  readonly hash: (password: string) => Promise<string>;
  readonly verify: (password: string, hash: string) => Promise<boolean>;
};

export type IdentityDeps = {
  readonly log: EventStore;
  readonly hasher: PasswordHasher;
  /** Keys the hash that names an email's reservation stream, so the log never holds the email. */
  readonly emailKey: Buffer;
};

export type NewUser = {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  readonly phone?: string | null | undefined;
  readonly roles: readonly Role[];
  readonly departmentId?: string | null | undefined;
};

export function emailReservationId(emailKey: Buffer, email: string): string {
  return createHmac('sha256', emailKey).update(email.trim().toLowerCase()).digest('hex').slice(0, 40);
}

export async function registerUser(
  deps: IdentityDeps,
  input: NewUser,
  context: CommandContext,
  options: HandleOptions = {},
): Promise<CommandResult & { userId: string }> {
  const userId = newId();
  // Checked against the log, not a read model, so a department created a moment ago counts.
  if (
    input.departmentId != null &&
    (await deps.log.readStream(departmentStream.name(input.departmentId), { maxCount: 1 })).length === 0
  )
    throw new DomainError('UNKNOWN_DEPARTMENT', 'there is no department with this id');
  const passwordHash = await deps.hasher.hash(input.password);
  await handleCommand(
    deps.log,
    userEmailStream.name(emailReservationId(deps.emailKey, input.email)),
    emailReservationDecider,
    { type: 'ReserveEmail', userId },
    context,
  );
  const result = await handleCommand(
    deps.log,
    userStream.name(userId),
    userDecider,
    {
      type: 'RegisterUser',
      userId,
      email: input.email.trim(),
      name: input.name,
      phone: input.phone ?? null,
      passwordHash,
      roles: input.roles,
      departmentId: input.departmentId ?? null,
      now: context.now,
    },
    context,
    options,
  );
  return { ...result, userId };
}

export async function createDepartment(
  deps: Pick<IdentityDeps, 'log'>,
  name: string,
  context: CommandContext,
  options: HandleOptions = {},
): Promise<CommandResult & { departmentId: string }> {
  const departmentId = newId();
  const result = await handleCommand(
    deps.log,
    departmentStream.name(departmentId),
    departmentDecider,
    { type: 'CreateDepartment', departmentId, name },
    context,
    options,
  );
  return { ...result, departmentId };
}
