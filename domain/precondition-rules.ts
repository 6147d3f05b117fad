import type { ActionName } from './action-rules.js';
import type { VisitShown } from './visit-state.js';

// What the visit itself must hold before an action applies, beyond its stage and the sender's role, as plain code
// for the workflow: it refuses the action with this reason (ActionNotAllowedNow), and the visit screen hides the
// action's form while the reason stands, so a form is never offered that the workflow would refuse for it.

/** `now` is the workflow's clock in a workflow, the wall clock on a screen. */
type Precondition = (s: VisitShown, now: number) => string | undefined;

const PRECONDITIONS: Partial<Record<ActionName, Precondition>> = {
  confirm_appointment: (s) => (s.appointment.confirmed ? 'the appointment is already confirmed' : undefined),
  // Before the slot the customer has not missed it yet: a booking they will not keep is cancelled, with the reason.
  mark_no_show: (s, now) =>
    s.appointmentAt && Date.parse(s.appointmentAt) > now
      ? 'the appointment time has not come yet; cancel the booking if the customer will not come'
      : undefined,
  arrive: (s) => (s.arrival ? 'the vehicle has already arrived' : undefined),
  record_inspection: (s) => (s.arrival ? undefined : 'record the arrival with the protective covers fitted first'),
  submit_estimate: (s) => (s.diagnosis ? undefined : 'record the diagnosis before the estimate'),
  send_approval_link: (s) => (s.approvals.some((a) => !a.decidedAt) ? undefined : 'no approval is waiting for the customer'),
  start_work: (s) => (s.work.inProgress ? 'the work is already in progress' : undefined),
  complete_work: (s) => (s.work.inProgress ? undefined : 'start the work before completing it'),
};

/** Why the visit as it stands cannot take the action (undefined: as far as its own state goes, it can). */
export const notNowReason = (name: ActionName, state: VisitShown, now = Date.now()): string | undefined =>
  PRECONDITIONS[name]?.(state, now);
