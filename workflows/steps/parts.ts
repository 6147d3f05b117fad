// Parts prepared before the car arrives [S1.1]: the day before, the visit reserves the parts of its booked jobs and
// puts what to pick and what to order on the advisor's list; the parts are used when the job is done and go back
// on the shelf when the booking is off. The stock itself is db/stock.ts, reached through activities/parts.ts.
import type { PartsOutcome } from '../../domain/parts-rules.js';
import { nowIso } from '../common.js';
import { incidentFrom } from '../incidents.js';
import type { VisitRun } from '../visit-run.js';
import { tellStaff } from './tell.js';

/** Patch id of the day-before reservation: a visit that started before has none (and booked no catalogue jobs). */
export const PARTS_RESERVATION_PATCH = 'parts-reservation';

/** Whether the day-before reservation is still to come. Asks the patch only of a visit that booked jobs. */
export const partsDue = (run: VisitRun) =>
  run.requestedJobs.length > 0 && run.parts === 'none' && run.patched(PARTS_RESERVATION_PATCH);

/** Reserves the booked jobs' parts; what to pick and what to order goes on the advisor's list. */
export async function reserveParts(run: VisitRun): Promise<void> {
  const s = run.state;
  run.parts = 'reserved';
  let reservation: Awaited<ReturnType<typeof run.activities.reserveVisitParts>>;
  try {
    reservation = await run.activities.reserveVisitParts({
      visitId: run.visitId,
      requestedJobs: [...run.requestedJobs],
      at: nowIso(),
    });
  } catch (err) {
    // Refused for good: an incident for the administrator, and the visit goes on without its parts reserved.
    await incidentFrom(err, 'visit', run.visitId);
    return;
  }
  const { pick, order, waitingUntil } = reservation;
  if (pick.length + order.length === 0) return;
  const units = (parts: { quantity: number }[]) => parts.reduce((n, p) => n + p.quantity, 0);
  await tellStaff(run, {
    to: 'advisor',
    task: {
      id: `${run.visitId}:parts`,
      kind: 'parts_preparation',
      title:
        `Parts for ${s.vehicle.plate}: pick ${units(pick)}` +
        (order.length ? `, order ${units(order)} (expected ${waitingUntil})` : ''),
      params: { pick: units(pick), order: units(order), waitingUntil },
      dueAt: s.appointmentAt ?? nowIso(),
    },
    event: {
      type: 'parts_reserved',
      lane: 'back_stage',
      summary: order.length ? `Parts reserved; ${units(order)} to order, expected ${waitingUntil}` : 'Parts reserved',
      data: { pick: units(pick), order: units(order), waitingUntil },
    },
  });
}

/** Once, when the job is done (`use`) or the booking is off (`release`); nothing for a visit that reserved none. */
export async function settleParts(run: VisitRun, outcome: PartsOutcome): Promise<void> {
  if (run.parts !== 'reserved') return;
  run.parts = 'settled';
  await run.activities.settleVisitParts({ visitId: run.visitId, outcome });
}
