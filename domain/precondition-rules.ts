import type { ActionName } from './action-rules.js';
import type { Stage } from './stage-rules.js';
import type { VisitState } from './visit-state.js';

// What the visit itself must hold before an action applies, beyond its stage and the sender's role, as plain code
// for the workflow: it refuses the action with this reason (ActionNotAllowedNow), and the visit screen hides the
// action's form while the reason stands, so a form is never offered that the workflow would refuse for it.

type Precondition = (s: VisitState) => string | undefined;

const PRECONDITIONS: Partial<Record<ActionName, Precondition>> = {
  confirm_appointment: (s) => (s.appointment.confirmed ? 'the appointment is already confirmed' : undefined),
  arrive: (s) => (s.arrival ? 'the vehicle has already arrived' : undefined),
  record_inspection: (s) => (s.arrival ? undefined : 'record the arrival with the protective covers fitted first'),
  submit_estimate: (s) => (s.diagnosis ? undefined : 'record the diagnosis before the estimate'),
  send_approval_link: (s) => (s.approvals.some((a) => !a.decidedAt) ? undefined : 'no approval is waiting for the customer'),
  start_work: (s) => (s.work.inProgress ? 'the work is already in progress' : undefined),
  complete_work: (s) => (s.work.inProgress ? undefined : 'start the work before completing it'),
};

/**
 * How often one action may be taken while the visit stays in one stage: far above what a shop does (a booking
 * moved a dozen times, a follow-up call tried again and again), it bounds what one client can add to a visit's
 * history. A visit holds its whole service in one run, and the server ends a workflow at ~51,200 events.
 */
export const MOST_TAKES_IN_ONE_STAGE = 30;

/** Why the action is refused once more: it was `taken` times since the visit entered its stage. */
export const repeatedReason = (name: ActionName, stage: Stage, taken: number): string | undefined =>
  taken < MOST_TAKES_IN_ONE_STAGE
    ? undefined
    : `${name} was already taken ${taken} times while the visit is ${stage}, the most one stage takes`;

/** Why the visit as it stands cannot take the action (undefined: as far as its own state goes, it can). */
export const notNowReason = (name: ActionName, state: VisitState): string | undefined => PRECONDITIONS[name]?.(state);
