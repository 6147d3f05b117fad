import type { StaffRole } from './role-rules.js';
import { assigneeRoleOf } from './staff.js';
import { TaskAssignee } from './tasks.js';

// In-app notices (issue 17): which steps of a visit leave work waiting for someone, and for whom. The screens'
// live stream (web/live/) reads the visit's events from the read model and tells each signed-in person about the
// ones in this table — never about their own action.

/** A visit event (its `type` in `visit_events`) that leaves something waiting, and the roles it waits for. */
export const NOTICE_AUDIENCE = {
  /** The estimate is to be written. */
  diagnosed: ['advisor'],
  /** The customer is to be asked about the extra work. */
  additional_work_reported: ['advisor'],
  /** The advisor sees the decision; approved work waits for the foreman's dispatch. */
  customer_decided: ['advisor', 'foreman'],
  /** The car waits for quality control. */
  work_completed: ['qc'],
  /** The customer is to be called to collect the car. */
  qc_passed: ['advisor'],
  /** Rework waits for the workshop, and is reported to the service manager [S1.7]. */
  qc_failed: ['foreman', 'technician', 'manager'],
  /** The customer has not decided in time: the advisor calls them. */
  approval_escalated: ['advisor', 'manager'],
  /** The promised time has passed: the customer is to be told. */
  promise_missed: ['advisor', 'foreman', 'manager'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type NoticeEvent = keyof typeof NOTICE_AUDIENCE;
export const NOTICE_EVENTS = Object.keys(NOTICE_AUDIENCE) as NoticeEvent[];

export interface NoticeReader {
  id: string;
  role: StaffRole;
}

/**
 * Whether `reader` is told about `event` on a visit: an advisor hears about the visits they advise and a
 * technician about the cars handed to them (the rest of the shop is someone else's); the other roles hear about
 * every visit. Nobody is told about what they did themselves.
 */
export function noticeReaches(
  event: NoticeEvent,
  actorId: string,
  reader: NoticeReader,
  visit: { advisorId: string; technicianId: string | null },
): boolean {
  if (actorId === reader.id) return false;
  if (!(NOTICE_AUDIENCE[event] as readonly StaffRole[]).includes(reader.role)) return false;
  if (reader.role === 'advisor') return visit.advisorId === reader.id;
  if (reader.role === 'technician') return visit.technicianId === reader.id;
  return true;
}

/** The call-list assignees whose tasks `role` works (the supervisor's go to the service manager). */
export const taskAssigneesOf = (role: StaffRole): TaskAssignee[] => TaskAssignee.filter((a) => assigneeRoleOf(a) === role);
