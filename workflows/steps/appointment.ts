// Step 1, appointment [S1.1]: the booked visit's day-before confirmation call, re-booking, cancelling and no-show.
import { patched } from '@temporalio/workflow';
import { nextAppointmentStep } from '../../domain/appointment-schedule.js';
import { notNow, nowIso } from '../common.js';
import { waitUntil } from '../timers.js';
import { SYSTEM, type VisitRun } from '../visit-run.js';
import { future, type StepActions } from './handler.js';
import { partsDue, reserveParts, settleParts } from './parts.js';
import { tellCustomer, tellStaff } from './tell.js';

/**
 * Patch id of dropping a day-before call, or the "still unconfirmed" flag, that the booking no longer needs: the
 * wait for it does not end when the desk logs the confirmation, so its retry put the confirmed call back on the
 * call list, due again.
 */
export const CONFIRMED_BOOKING_NO_CALL_PATCH = 'confirmed-booking-no-call-again';

/**
 * Patch id of telling the customer their booking's new time, with its link, when the shop moves it (the customer who
 * moves it on the link sees the new time on the page that took the move). A visit moved before it told nobody.
 */
export const SHOP_MOVE_TOLD_PATCH = 'shop-move-tells-customer';

/**
 * Patch id of the day-before call moved off a day the shop is closed: it goes on the call list on the last day the
 * shop opens before it (activities/calendar.ts), where it was put on the closed day and made on the morning of the visit.
 */
export const CALL_ON_OPEN_DAY_PATCH = 'confirmation-call-on-open-day';

/**
 * The first day-before call of the booking as it stands, when the shop's calendar is to place it: undefined when
 * there is none to place. Plain code, no await: a visit that asks nothing must issue its commands in the order it did.
 */
function callToPlace(run: VisitRun): number | undefined {
  const s = run.state;
  if (!s.appointmentAt || s.appointment.confirmed || run.timeZone === undefined) return undefined;
  const due = run.after(Date.parse(s.appointmentAt), -run.policy.confirmationLeadMs);
  // Booked inside the window: no call to move (the customer just confirmed by booking).
  return due >= run.bookedAt && patched(CALL_ON_OPEN_DAY_PATCH) ? due : undefined;
}

/**
 * Patch id of a customer reached on the confirmation call who cannot keep the slot: the call is answered and the
 * advisor gets the re-booking on the list. It stayed open and was rung again, then flagged "could not be reached".
 */
export const CANNOT_KEEP_REBOOK_PATCH = 'confirmation-cannot-keep-rebook';

/**
 * Patch id of the customer's latest answer to "can you keep the booked time?" standing alone: a confirmation clears
 * "cannot keep" (and closes the re-booking it put on the list), "cannot keep" clears the confirmation. Both stayed
 * set, and the board, which reads "confirmed" first, showed a customer who had since said they cannot come as coming.
 * Asked only when the answer contradicts the one recorded, so a visit answering once gains no marker.
 */
export const LATEST_ANSWER_PATCH = 'confirmation-latest-answer-wins';

/** The customer confirmed the booked time: an earlier "cannot keep" no longer holds, nor does its re-booking. */
function confirmBooking(run: VisitRun, actorId: string, outcome: Record<string, unknown>) {
  const a = run.state.appointment;
  a.confirmed = true;
  run.closeTask(`${run.visitId}:confirmation:${run.appointmentRev}`, actorId, outcome);
  if (!a.cannotKeep || !patched(LATEST_ANSWER_PATCH)) return;
  delete a.cannotKeep;
  a.rebookingsWithdrawn = (a.rebookingsWithdrawn ?? 0) + 1;
  run.closeTask(`${run.visitId}:confirmation-escalation:${run.appointmentRev}`, actorId, outcome);
}

export const appointmentTaskIds = (run: VisitRun) => [
  `${run.visitId}:confirmation:${run.appointmentRev}`,
  `${run.visitId}:confirmation-escalation:${run.appointmentRev}`,
  `${run.visitId}:no-show:${run.appointmentRev}`,
];

export const APPOINTMENT_ACTIONS: StepActions<
  'confirm_appointment' | 'record_confirmation_call' | 'reschedule' | 'cancel' | 'mark_no_show'
> = {
  confirm_appointment: {
    async apply(run, payload, actor) {
      confirmBooking(run, actor.id, { confirmed: true });
      await run.event({
        type: 'appointment_confirmed',
        actor,
        lane: 'front_stage',
        summary: 'Appointment confirmed',
        data: payload,
      });
    },
  },

  record_confirmation_call: {
    // A call about a booking moved meanwhile (the desk re-booked it while the call was being logged) answered for
    // the old time: taken, it would confirm the new one, or ask to re-book one already re-booked.
    check: (run, p) => {
      if (p.appointmentAt && run.state.appointmentAt && Date.parse(p.appointmentAt) !== Date.parse(run.state.appointmentAt))
        throw notNow('appointmentAt: the booking was moved since this call was about it; call the customer about the new time');
    },
    async apply(run, payload, actor) {
      const confirmed = payload.reached && payload.confirmed === true;
      const s = run.state;
      if (confirmed) confirmBooking(run, actor.id, { reached: true, confirmed: true });
      else if (payload.reached && payload.confirmed === false && patched(CANNOT_KEEP_REBOOK_PATCH)) {
        // [S1.1] a booking the customer will not keep is re-booked with them, as a no-show is: the call is done.
        s.appointment.cannotKeep = true;
        if (s.appointment.confirmed && patched(LATEST_ANSWER_PATCH)) s.appointment.confirmed = false;
        run.closeTask(`${run.visitId}:confirmation:${run.appointmentRev}`, actor.id, { reached: true, confirmed: false });
        run.task({
          id: `${run.visitId}:confirmation-escalation:${run.appointmentRev}`,
          kind: 'confirmation_escalation',
          assigneeRole: 'advisor',
          title: `Re-book ${s.customer.name} (${s.vehicle.plate}): cannot keep the booked time`,
          dueAt: s.appointmentAt ?? nowIso(),
          attempt: 1 + (s.appointment.rebookingsWithdrawn ?? 0),
        });
      }
      await run.event({
        type: 'confirmation_call_logged',
        actor,
        lane: 'front_stage',
        summary: !payload.reached
          ? 'Confirmation call: no answer'
          : confirmed
            ? 'Confirmation call: customer confirmed'
            : 'Confirmation call: customer cannot keep the slot',
        data: payload,
      });
    },
  },

  reschedule: {
    check: (_run, p) => future(p.appointmentAt, 'appointmentAt'),
    async apply(run, payload, actor) {
      for (const id of appointmentTaskIds(run)) run.closeTask(id, actor.id, { rescheduled: payload.appointmentAt });
      run.state.appointmentAt = payload.appointmentAt;
      run.state.appointment = { confirmed: false, confirmationCalls: 0, flaggedForAdvisor: false };
      run.appointmentRev++;
      run.bookedAt = Date.now();
      run.noShowTaskOpened = false;
      await run.event({
        type: 'rescheduled',
        actor,
        lane: 'front_stage',
        summary: `Re-booked for ${payload.appointmentAt}`,
        data: payload,
      });
      // Asked only for a move by the shop, so a history of the customer's own moves gains no marker.
      if (actor.role !== 'customer' && patched(SHOP_MOVE_TOLD_PATCH))
        tellCustomer(run, {
          // One message per move: the revision this move made.
          id: `${run.visitId}:booking-moved:${run.appointmentRev}`,
          template: 'booking_moved',
          payload: { appointmentAt: payload.appointmentAt, plate: run.state.vehicle.plate },
          bookingLink: true,
        });
    },
  },

  cancel: {
    async apply(run, payload, actor) {
      run.closeAllTasks({ cancelled: payload.reason });
      await run.event({
        type: 'cancelled',
        actor,
        lane: 'customer',
        summary: `Cancelled: ${payload.reason}`,
        toStage: 'cancelled',
        data: payload,
      });
      await settleParts(run, 'release');
    },
  },

  mark_no_show: {
    async apply(run, payload, actor) {
      run.closeAllTasks({ noShow: true });
      await run.event({
        type: 'no_show',
        actor,
        lane: 'front_stage',
        summary: 'Closed as no-show',
        toStage: 'no_show',
        data: payload,
      });
      await settleParts(run, 'release');
    },
  },
};

/** Day-before call and retries, the unconfirmed flag, the no-show task, and closing a booking nobody came to. */
export async function runAppointment(run: VisitRun) {
  const s = run.state;
  let firstCall: { rev: number; at: number | undefined } | undefined;
  while (s.stage === 'booked' && s.appointmentAt) {
    const rev = run.appointmentRev;
    const changed = () => s.stage !== 'booked' || run.appointmentRev !== rev;
    if (firstCall?.rev !== rev) {
      const due = callToPlace(run);
      firstCall = { rev, at: undefined };
      if (due !== undefined && run.timeZone !== undefined)
        firstCall.at = Date.parse(
          await run.activities.callTimeOnOpenDay({ dueAt: new Date(due).toISOString(), timeZone: run.timeZone }),
        );
    }
    const step = nextAppointmentStep(
      {
        bookedAt: run.bookedAt,
        appointmentAt: Date.parse(s.appointmentAt),
        confirmed: s.appointment.confirmed,
        cannotKeep: s.appointment.cannotKeep,
        confirmationCalls: s.appointment.confirmationCalls,
        flaggedForAdvisor: s.appointment.flaggedForAdvisor,
        noShowTaskOpened: run.noShowTaskOpened,
        partsDue: partsDue(run),
        firstCallAt: firstCall.at,
      },
      run.policy,
      run.timeZone,
    );
    if (await waitUntil(changed, step.at, `booking: ${step.kind.replaceAll('_', ' ')}`)) continue;
    const callStep = step.kind === 'confirmation_call' || step.kind === 'confirmation_unanswered';
    if (callStep && s.appointment.confirmed && patched(CONFIRMED_BOOKING_NO_CALL_PATCH)) continue;
    // Set only under CANNOT_KEEP_REBOOK_PATCH: a call planned before the customer said so is not made.
    if (callStep && s.appointment.cannotKeep) continue;
    const customer = `${s.customer.name} (${s.vehicle.plate})`;
    switch (step.kind) {
      case 'reserve_parts':
        await reserveParts(run);
        break;
      case 'confirmation_call':
        s.appointment.confirmationCalls = step.attempt;
        await tellStaff(run, {
          to: 'advisor',
          task: {
            id: `${run.visitId}:confirmation:${rev}`,
            kind: 'confirmation_call',
            title: `Confirm tomorrow's appointment with ${customer}, call ${step.attempt}`,
            dueAt: s.appointmentAt,
            attempt: step.attempt,
          },
          event: {
            type: 'confirmation_call_due',
            lane: 'front_stage',
            summary: `Confirmation call ${step.attempt} put on the call list`,
          },
        });
        break;
      case 'confirmation_unanswered':
        s.appointment.flaggedForAdvisor = true;
        await tellStaff(run, {
          to: 'advisor',
          task: {
            id: `${run.visitId}:confirmation-escalation:${rev}`,
            kind: 'confirmation_escalation',
            title: `Unconfirmed booking: ${customer} could not be reached`,
            dueAt: s.appointmentAt,
          },
          notice: {
            id: `${run.visitId}:unconfirmed:${rev}`,
            template: 'booking_unconfirmed',
            payload: { appointmentAt: s.appointmentAt },
          },
          event: {
            type: 'confirmation_unanswered',
            lane: 'front_stage',
            summary: 'Booking still unconfirmed: advisor told',
          },
        });
        break;
      case 'no_show':
        run.noShowTaskOpened = true;
        await tellStaff(run, {
          to: 'advisor',
          task: {
            id: `${run.visitId}:no-show:${rev}`,
            kind: 'no_show',
            title: `No-show: call ${customer} and re-book`,
            dueAt: nowIso(),
          },
          event: {
            type: 'no_show_detected',
            lane: 'front_stage',
            summary: 'Customer did not arrive: no-show call on the list',
          },
        });
        break;
      case 'close_no_show':
        run.closeAllTasks({ noShow: true });
        await run.event({
          type: 'no_show',
          actor: SYSTEM,
          lane: 'front_stage',
          summary: 'Never arrived nor re-booked: closed as no-show',
          toStage: 'no_show',
        });
        await settleParts(run, 'release');
        break;
    }
  }
}
