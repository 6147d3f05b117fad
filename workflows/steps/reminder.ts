// Step 10, maintenance reminder [S1.10]: the next service planned from this visit and the customer reminded
// before it. After continue-as-new, a visit waits for it in its compact aftercare run (../visit-aftercare.ts).
import { nowIso } from '../common.js';
import { waitUntil } from '../timers.js';
import { SYSTEM, type VisitRun } from '../visit-run.js';
import { tellCustomer } from './tell.js';

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
  if (await waitUntil(() => run.superseded, remindAt, 'maintenance reminder')) {
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
