import { ROLE_WORDS, StaffRole } from './roles.js';
import { text } from './text.js';
import { z } from './zod.js';

// Who a staff id is. The directory is the `staff` table for every role but technicians, whose rows (with skill
// and shift) stay in `technicians`; both are read into one `Directory` and every screen names people through it.

export const StaffId = text(64).meta({ description: 'The staff id their sign-in token carries', example: 'adv-lena' });

/** One person as screens and the booking form see them. */
export const StaffMember = z.object({
  id: z.string(),
  name: z.string(),
  role: StaffRole,
  active: z.boolean(),
});
export type StaffMember = z.infer<typeof StaffMember>;

/** The roles the directory itself keeps; technicians are added on the technicians screen (`POST /technicians`). */
export const DirectoryRole = StaffRole.exclude(['technician']);
export type DirectoryRole = z.infer<typeof DirectoryRole>;

export const NewStaffMember = z.object({ id: StaffId, name: text(200), role: DirectoryRole }).strict();

export const StaffChange = z
  .object({ name: text(200).optional(), role: DirectoryRole.optional(), active: z.boolean().optional() })
  .strict()
  .refine((change) => Object.keys(change).length > 0, 'name at least one of name, role, active to change');

/**
 * Tasks and notices addressed to the service supervisor: the shop has no sign-in role of that name, so the
 * service manager takes them (the call list shows them to the manager, the screens say "Service manager").
 */
export const SUPERVISOR_ROLE: StaffRole = 'manager';

/** The role that works tasks for an assignee (a role, or `supervisor`). */
export const assigneeRoleOf = (assignee: string): string => (assignee === 'supervisor' ? SUPERVISOR_ROLE : assignee);

export type Directory = ReadonlyMap<string, StaffMember>;

export const directoryOf = (members: readonly StaffMember[]): Directory => new Map(members.map((m) => [m.id, m]));

/** The id the workflows record for what they do on their own (a timer's step), as no person did it. */
export const SYSTEM_ACTOR_ID = 'servicelane';

/** The customer acting themselves: `customer:<id>` on their links, `customer:web` on the public booking page. */
export const isCustomerActor = (id: string) => id.startsWith('customer:');

/** The person behind an id; an id nobody in the directory has is kept as it is and marked unknown. */

export function whoIs(directory: Directory, id: string): { name: string; known: boolean; active: boolean } {
  const member = directory.get(id);
  return member ? { name: member.name, known: true, active: member.active } : { name: id, known: false, active: false };
}

/** Only someone working here (in the directory, active) can be given work by name, e.g. a complaint to own. */
export function memberProblem(member: StaffMember | undefined): string | undefined {
  if (!member) return 'is not in the staff directory; pick someone from the list';
  if (!member.active) return `${member.name} no longer works here (inactive in the staff directory)`;
  return undefined;
}

/** Only an active advisor in the directory can be the advisor of a visit. */
export function advisorProblem(member: StaffMember | undefined): string | undefined {
  if (!member) return 'is not in the staff directory; pick an advisor from the list';
  if (member.role !== 'advisor') return `${member.name} is not a service advisor`;
  if (!member.active) return `${member.name} no longer works as an advisor here (inactive in the staff directory)`;
  return undefined;
}

/**
 * Whether a signed staff token still opens anything: the directory's rows for its id (the staff table's, or the
 * technicians' as `technician`) must hold the token's role, active. A token outlives the day someone leaves or
 * changes jobs; once the directory says so, theirs is refused and they sign in again. An id the directory does not
 * list is not judged here (the bench's and the demo's development tokens).
 */
export function tokenStandingProblem(listed: readonly { role: string; active: boolean }[], role: StaffRole): string | undefined {
  if (listed.length === 0) return undefined;
  if (listed.every((row) => !row.active)) return 'its staff member is marked as gone in the staff directory';
  if (!listed.some((row) => row.active && row.role === role))
    return `the staff directory no longer lists its staff member as ${ROLE_WORDS[role]}; sign in again`;
  return undefined;
}
