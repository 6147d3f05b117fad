// Telling people from a step: the one shape of "put it on staff's list, tell them, record why" and of a message to
// the visit's customer. The effects are queued in the order written here, and that order is the order of the
// commands a visit emits: every visit recorded so far replays only while it stays so.
import type { Notification } from '../../activities/notifications.js';
import type { OpenTask } from '../../activities/tasks.js';
import { type EventSpec, SYSTEM, type VisitRun } from '../visit-run.js';

/** The messages a visit's steps send to staff; the visit's history panel words each (web/i18n `timeline.message`). */
export type StaffMessage =
  | 'rework_reported'
  | 'customer_dissatisfied'
  | 'promise_at_risk'
  | 'follow_up_overdue'
  | 'booking_unconfirmed'
  | 'customer_decided';

/** A message to staff: its template is one of the visit's staff messages. */
type StaffNotice = Pick<Notification, 'id' | 'payload'> & { template: StaffMessage };

/** The staff a visit's steps tell. */
type Staff = 'advisor' | 'supervisor' | 'manager';

/** Who a staff message goes to: the visit's advisor, or the shop's one supervisor or service manager. */
const recipient = (run: VisitRun, staff: Staff) =>
  staff === 'advisor' ? run.state.advisorId : staff === 'supervisor' ? 'service-supervisor' : 'service-manager';

export interface StaffAlert {
  /** Who gets the task and the message. */
  to: Staff;
  /** The task on their list; `attempt` is 1 unless it is a numbered call. */
  task: Pick<OpenTask, 'id' | 'kind' | 'title' | 'params' | 'dueAt'> & { attempt?: number };
  /** The message that tells them at once; left out where the list is enough. */
  notice?: StaffNotice;
  /** What the timeline says happened; the visit itself is the actor. */
  event: Omit<EventSpec, 'actor'>;
}

/**
 * A timer's step that leaves work for staff: the task, then the message, then the event, whose write the caller
 * awaits. Not `async`: the caller awaits the event's own promise; an async wrapper adds a microtask, lets another
 * coroutine's command go first, and recorded visits no longer replay.
 */
export function tellStaff(run: VisitRun, { to, task, notice, event }: StaffAlert): Promise<unknown> {
  run.task({
    id: task.id,
    kind: task.kind,
    assigneeRole: to,
    title: task.title,
    params: task.params,
    dueAt: task.dueAt,
    attempt: task.attempt ?? 1,
  });
  if (notice) notifyStaff(run, to, notice);
  return run.event({ ...event, actor: SYSTEM });
}

/** A message to staff about this visit, without a task. */
export function notifyStaff(run: VisitRun, to: Staff, notice: StaffNotice) {
  run.notify({ id: notice.id, audience: to, to: recipient(run, to), template: notice.template, payload: notice.payload });
}

/**
 * A message to the visit's customer; `document` attaches the visit's paper they keep a copy of, `approvalLink`
 * carries the link to decide an approval on, `bookingLink` the one to move or cancel the booking.
 */
export function tellCustomer(
  run: VisitRun,
  notice: Pick<Notification, 'id' | 'template' | 'payload' | 'document' | 'approvalLink' | 'bookingLink'>,
) {
  run.notify({
    id: notice.id,
    audience: 'customer',
    to: run.state.customer.id,
    template: notice.template,
    payload: notice.payload,
    ...(notice.document ? { document: notice.document } : {}),
    ...(notice.approvalLink ? { approvalLink: notice.approvalLink } : {}),
    ...(notice.bookingLink ? { bookingLink: notice.bookingLink } : {}),
  });
}
