// Step 10, maintenance reminder [S1.10]: the next service planned from this visit and the customer reminded
// before it. After continue-as-new, a visit waits for it in its compact aftercare run (../visit-aftercare.ts).
import { patched } from '@temporalio/workflow';
import { nowIso, records } from '../common.js';
import { waitUntil } from '../timers.js';
import { SYSTEM, type VisitRun } from '../visit-run.js';
import { tellCustomer } from './tell.js';

/**
 * Patch id of the maintenance reminder kept off the days the shop is closed: one falling due on a day closed by
 * the weekly hours or a holiday goes out at the opening of the next day the shop opens, asked of the calendar
 * activity when it falls due (domain/calendar-rules.ts `reminderOnOpenDay`); one due on an open day keeps its time,
 * whatever the hour. It went out on the closed day. Asked only then, so a visit parked in aftercare replays its
 * start as it was and takes the change when its reminder falls due. (Not `maintenance-reminder-on-open-day`, the
 * id of the withdrawn change that held a reminder to the opening hours and so overnight.)
 */
export const REMINDER_NEXT_OPEN_DAY_PATCH = 'maintenance-reminder-next-open-day';

/**
 * Waits for the maintenance reminder due at `remindAt`, then, when the shop's zone is known and the day is closed,
 * for the next open day: true when `woken` first (a newer visit took over; in the compact run, the server asks for
 * a new run, which waits the same way again from its plan). One activity once the reminder is due, and a second
 * timer only when it is moved.
 */
export async function waitForReminder(remindAt: number, timeZone: string | undefined, woken: () => boolean) {
  if (await waitUntil(woken, remindAt, 'maintenance reminder')) return true;
  if (timeZone === undefined || !patched(REMINDER_NEXT_OPEN_DAY_PATCH)) return false;
  // From now, not from `remindAt`: a worker back after an outage places it on the day it is actually sent.
  const sendAt = await records.callTimeOnOpenDay({ dueAt: nowIso(), timeZone, kind: 'reminder' });
  return waitUntil(woken, Date.parse(sendAt), 'maintenance reminder: next open day');
}

/** Plans the vehicle's next maintenance from this visit and records it. */
export async function planMaintenance(run: VisitRun) {
  const s = run.state;
  const due = await run.activities.planNextMaintenance({
    vin: s.vehicle.vin,
    deliveredAt: s.pickup?.at ?? nowIso(),
    mileage: s.arrival?.mileage ?? s.vehicle.mileage ?? null,
    interval: run.policy.serviceInterval,
  });
  s.nextMaintenance = due;
  await run.event({
    type: 'maintenance_planned',
    actor: SYSTEM,
    lane: 'back_stage',
    summary: `Next maintenance due ${due.dueAt.slice(0, 10)} or at ${due.dueMileage} km`,
  });
  return due;
}

/** Waits for the next maintenance and reminds the customer [S1.10], unless a newer visit took over. */
export async function runReminder(run: VisitRun) {
  const s = run.state;
  const due = await planMaintenance(run);
  const remindAt = run.after(Date.parse(due.dueAt), -run.policy.reminderLeadMs);
  if (await waitForReminder(remindAt, run.timeZone, () => run.superseded)) {
    await run.event({
      type: 'reminder_superseded',
      actor: SYSTEM,
      lane: 'back_stage',
      summary: 'A newer visit of this vehicle took over the reminder',
      toStage: 'closed',
    });
    return;
  }
  tellCustomer(run, {
    id: `${run.visitId}:maintenance-reminder`,
    template: 'maintenance_due',
    payload: { plate: s.vehicle.plate, ...due },
  });
  run.task({
    id: `${run.visitId}:maintenance-reminder`,
    kind: 'maintenance_reminder',
    assigneeRole: 'advisor',
    title: `Maintenance due for ${s.vehicle.plate} (${s.customer.name}): offer a booking`,
    dueAt: due.dueAt,
    attempt: 1,
  });
  await run.event({
    type: 'maintenance_reminder_sent',
    actor: SYSTEM,
    lane: 'front_stage',
    summary: `Maintenance reminder sent: due ${due.dueAt.slice(0, 10)}`,
    toStage: 'closed',
  });
}
