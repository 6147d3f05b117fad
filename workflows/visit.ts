import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  makeContinueAsNewFunc,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { ACTION_RULES, type ActionName, withPayloadDefaults } from '../domain/action-rules.js';
import type { ActionPayload } from '../domain/actions.js';
import { assigneeRefusal } from '../domain/assignment-rules.js';
import { notNowReason } from '../domain/precondition-rules.js';
import { isAtOrPast } from '../domain/stage-rules.js';
import type { VisitStart } from '../domain/visit.js';
import type { VisitState } from '../domain/visit-state.js';
import { registerActions } from './action-updates.js';
import { notNow, type records } from './common.js';
import { actionUpdates, stateQuery, supersededSignal, type VisitAck } from './messages.js';
import { visitSearchAttributes } from './search-attributes.js';
import { runAppointment } from './steps/appointment.js';
import { watchApprovals } from './steps/approval.js';
import { watchDispatch } from './steps/dispatch.js';
import { runFollowUp } from './steps/follow-up.js';
import type { ActionHandler } from './steps/handler.js';
import { ACTION_HANDLERS } from './steps/index.js';
import { watchPromise } from './steps/promised-time.js';
import { planMaintenance, runReminder } from './steps/reminder.js';
import { tellCustomer } from './steps/tell.js';
import { type AftercarePlan, aftercareReminder, COMPACT_AFTERCARE_PATCH } from './visit-aftercare.js';
import { type CarriedOver, type EventSpec, SYSTEM, VisitRun } from './visit-run.js';

/** The visit's actions: each step's handler (steps/), refused by the visit's stage and its own preconditions. */
function registerVisitActions(run: VisitRun) {
  // The API held the payload's shape to ACTIONS[name].payload; what a history holds is applied as accepted.
  const handler = (name: ActionName) => ACTION_HANDLERS[name] as ActionHandler<ActionName>;
  registerActions({
    subject: 'visit',
    rules: ACTION_RULES,
    updates: actionUpdates,
    standing: () => ({ stage: run.state.stage }),
    check(name, payload, actor) {
      // What the visit must hold first, in the words the visit screen hides the action's form for; then whose job
      // the repair is (a validator's refusal leaves no history, so this needs no patch).
      const reason =
        notNowReason(name, run.state) ??
        assigneeRefusal(name, run.state, actor, (payload as { forTechnician?: unknown }).forTechnician);
      if (reason) throw notNow(reason);
      handler(name).check?.(run, withPayloadDefaults(name, payload as object) as ActionPayload<ActionName>, actor);
    },
    async apply(name, payload, actor) {
      await handler(name).apply(run, withPayloadDefaults(name, payload as object) as ActionPayload<ActionName>, actor);
      return run.acknowledgement();
    },
  });
}

/**
 * Patch id of writing the visit row and its `visit_opened` event in one activity: a booking then costs one
 * activity and one workflow task fewer, the server's share of which limited the booking rate in `npm run bench`.
 */
export const VISIT_OPENED_IN_ONE_WRITE_PATCH = 'visit-opened-in-one-write';

/**
 * Patch id of a visit whose opening transaction rolled back ending at once (`recordVisitOpened` answers
 * `notOpened`). Asked only when it did, so no other history gains a marker; before it, such a visit ran on without
 * its row, the customer's file or an answer to the desk, an incident on its first write.
 */
export const OPENING_ROLLED_BACK_PATCH = 'visit-opening-rolled-back';

/** A visit booked online confirms the booking to the customer with the link to move or cancel it. */
export const BOOKING_CONFIRMATION_PATCH = 'online-booking-confirmed';

/**
 * A visit booked at the desk (by phone, on the board) confirms the booking the same way, so that customer too can
 * move or cancel it themselves. Added after CURRENT_VISIT_PATCH, so asked with `patched()` itself: a current visit
 * booked at the desk before it sent nothing, and replays so.
 */
export const DESK_BOOKING_CONFIRMATION_PATCH = 'desk-booking-confirmed';

/**
 * Patch id of continuing a visit as new once its follow-up window has closed. The months until its maintenance
 * reminder are then spent in a run whose history holds a few dozen events instead of the whole visit, which
 * bounds what a worker replays for a parked visit; the visit keeps one workflow id from booking to reminder.
 */
export const AFTERCARE_RUN_PATCH = 'aftercare-continues-as-new';

/**
 * The input of a visit's aftercare run: since `COMPACT_AFTERCARE_PATCH` only the reminder's plan; before it, the
 * visit's start (policy, priority) and its whole state as the first run carried it over, which visits parked
 * then still hold.
 */
export interface VisitAftercare {
  aftercare: { plan: AftercarePlan } | ({ start: VisitStart } & CarriedOver);
}

/** What every run of a visit answers: its state, and the signal that a newer visit took over the reminder. */
function listen(run: VisitRun) {
  setHandler(stateQuery, () => run.state);
  setHandler(supersededSignal, () => {
    run.superseded = true;
  });
}

/** The visit's aftercare run: from the closed follow-up window to the maintenance reminder. */
async function aftercareRun({ start, ...carried }: { start: VisitStart } & CarriedOver): Promise<VisitState> {
  const run = new VisitRun(start, carried);
  listen(run);
  // Every action refuses the stage, in plain words, as in the first run.
  registerVisitActions(run);
  const effects = run.runEffects();
  await runReminder(run);
  await condition(() => run.effectsDone() && allHandlersFinished());
  await effects;
  return run.state;
}

/** A visit's answer when it ends: its whole state, or, from the compact aftercare run, how it closed. */
export async function visit(input: VisitStart | VisitAftercare): Promise<VisitState | VisitAck> {
  if ('aftercare' in input)
    return 'plan' in input.aftercare ? aftercareReminder(input.aftercare.plan) : aftercareRun(input.aftercare);
  const run = new VisitRun(input);
  const s = run.state;
  listen(run);
  upsertSearchAttributes(visitSearchAttributes({ stage: s.stage, advisorId: s.advisorId, plate: s.vehicle.plate }));
  // Queued before any action can be accepted, so the visit row and `visit_opened` are always written first.
  const openedSpec: EventSpec = {
    type: 'visit_opened',
    actor: SYSTEM,
    lane: input.kind === 'walk_in' ? 'customer' : 'front_stage',
    summary: input.kind === 'walk_in' ? 'Walk-in at reception' : `Appointment booked for ${input.appointmentAt}`,
    data: { kind: input.kind, requestedServices: input.requestedServices },
  };
  let openedRecord: ReturnType<typeof records.recordVisitOpened>;
  let openedEvent: Promise<unknown> = Promise.resolve();
  if (run.patched(VISIT_OPENED_IN_ONE_WRITE_PATCH)) {
    const openedEventRecord = run.eventRecord(openedSpec);
    openedRecord = run.inOrder(() => run.writer().recordVisitOpened({ ...input, stage: s.stage, openedEventRecord }));
  } else {
    openedRecord = run.inOrder(() => run.writer().recordVisitOpened({ ...input, stage: s.stage }));
    openedEvent = run.event(openedSpec);
  }
  registerVisitActions(run);
  // A visit whose opening record is refused still runs: the incident says its row is missing.
  const opened = await (run.raisesIncidents
    ? openedRecord.catch(async (err) => {
        await run.incident(err);
        return { declinedBefore: [], supersedes: [] };
      })
    : openedRecord);
  // Temporal took the start but the transaction that opened the visit rolled back (its answer came after the
  // API's deadline, which told the desk nothing was written): the visit ends at once, leaving no record, no
  // message and no task, and the desk's retry opens the visit that counts.
  if ('notOpened' in opened && opened.notOpened && patched(OPENING_ROLLED_BACK_PATCH)) return s;
  s.declinedBefore = opened.declinedBefore;
  await openedEvent;
  for (const olderVisit of opened.supersedes) {
    // The older visit may have closed meanwhile; then there is nothing left to supersede.
    await getExternalWorkflowHandle(olderVisit)
      .signal(supersededSignal, { byVisitId: s.visitId })
      .catch(() => undefined);
  }

  // Only a visit booked on the public page (api/routes/booking.ts) carries the mark, so no earlier visit reaches the patch.
  // A walk-in has no booking to confirm, so only a desk booking asks the desk's patch: no walk-in history gains a marker.
  const confirmsBooking = input.bookedOnline
    ? run.patched(BOOKING_CONFIRMATION_PATCH)
    : input.kind === 'appointment' && patched(DESK_BOOKING_CONFIRMATION_PATCH);
  if (confirmsBooking)
    tellCustomer(run, {
      id: `${s.visitId}:booking-confirmed`,
      template: 'booking_confirmed',
      payload: { appointmentAt: input.appointmentAt, plate: s.vehicle.plate, services: input.requestedServices },
      bookingLink: true,
    });
  const effects = run.runEffects();
  const watches = Promise.all([watchApprovals(run), watchPromise(run), watchDispatch(run)]);

  await runAppointment(run);
  await condition(() => run.ended || isAtOrPast(s.stage, 'follow_up'));
  if (s.stage === 'follow_up') await runFollowUp(run);
  if (s.stage === 'aftercare' && run.patched(AFTERCARE_RUN_PATCH)) {
    // This run's records, tasks and messages are written first: the next run starts owing nothing.
    await condition(() => run.effectsDone() && allHandlersFinished());
    // The plate, advisor and stage stay searchable in the new run.
    const nextRun = makeContinueAsNewFunc<typeof visit>({ typedSearchAttributes: workflowInfo().typedSearchAttributes });
    if (run.patched(COMPACT_AFTERCARE_PATCH)) {
      // Planned here, so the aftercare run starts from the plan alone; this event also records the visit's facts
      // in full for a visit started before they were recorded (VISIT_FACTS_PATCH), as every first new event does.
      // A visit picked up since NEXT_SERVICE_AT_PICKUP_PATCH planned it then, and told the customer that figure.
      const due = s.nextMaintenance ?? (await planMaintenance(run));
      await condition(() => run.effectsDone() && allHandlersFinished());
      await nextRun({ aftercare: { plan: run.aftercarePlan(due) } });
    }
    await nextRun({ aftercare: { start: input, ...run.carriedOver() } });
  }
  if (s.stage === 'aftercare') await runReminder(run);

  if (!run.ended) await condition(() => run.ended);
  await watches;
  await condition(() => run.effectsDone() && allHandlersFinished());
  await effects;
  return s;
}
