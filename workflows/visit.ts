import type { UpdateDefinition } from '@temporalio/common';
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
import {
  ACTION_NAMES,
  ACTION_RULES,
  type ActionName,
  actorRefusal,
  payloadRefusal,
  withPayloadDefaults,
} from '../domain/action-rules.js';
import { nextBookingStep } from '../domain/booking-schedule.js';
import { isAtOrPast } from '../domain/stage-rules.js';
import type { VisitStart } from '../domain/visit.js';
import type { VisitState } from '../domain/visit-state.js';
import { invalid, notNow, nowIso } from './common.js';
import { type ActionRequest, actionUpdates, stateQuery, supersededSignal, type VisitAck } from './messages.js';
import { ServiceAdvisorKey, VehiclePlateKey, VisitStageKey } from './search-attributes.js';
import { waitUntil } from './timers.js';
import { ACTION_HANDLERS, FOLLOW_UP_OWED_UNTIL_REACHED_PATCH } from './visit-actions.js';
import { type AftercarePlan, aftercareReminder, COMPACT_AFTERCARE_PATCH } from './visit-aftercare.js';
import { type CarriedOver, type EventSpec, SYSTEM, VisitRun } from './visit-run.js';
import { watchApprovals, watchDispatch, watchPromise } from './visit-watches.js';

/** Every action is an update whose validator keeps refused requests out of the history. */
function registerActions(run: VisitRun) {
  for (const name of ACTION_NAMES) {
    const rule = ACTION_RULES[name];
    const handler = ACTION_HANDLERS[name] as (typeof ACTION_HANDLERS)[ActionName];
    const update = actionUpdates[name] as UpdateDefinition<VisitAck, [ActionRequest]>;
    setHandler(
      update,
      async ({ actor, payload }) => {
        // The API held the payload's shape to ACTIONS[name].payload; what a history holds is applied as accepted.
        // biome-ignore lint/suspicious/noExplicitAny: the payload is this action's own (checked where it came in)
        await handler.apply(run, withPayloadDefaults(name, payload) as any, actor);
        return run.acknowledgement();
      },
      {
        // Stage, who acts and the visit's own preconditions; the shape of the payload is the API's to check.
        validator: ({ actor, payload }) => {
          if (!(rule.stages as readonly string[]).includes(run.state.stage))
            throw notNow(`${name} is not accepted while the visit is ${run.state.stage}`);
          const refused = actorRefusal(rule, name, actor) ?? payloadRefusal(rule, payload);
          if (refused) throw invalid(refused);
          // biome-ignore lint/suspicious/noExplicitAny: as above
          handler.check?.(run, withPayloadDefaults(name, payload) as any);
        },
      },
    );
  }
}

/** Day-before call and retries, the unconfirmed flag, the no-show task, and closing a booking nobody came to. */
async function runBooking(run: VisitRun) {
  const s = run.state;
  while (s.stage === 'booked' && s.appointmentAt) {
    const rev = run.bookingRev;
    const changed = () => s.stage !== 'booked' || run.bookingRev !== rev;
    const step = nextBookingStep(
      {
        bookedAt: run.bookedAt,
        appointmentAt: Date.parse(s.appointmentAt),
        confirmed: s.appointment.confirmed,
        confirmationCalls: s.appointment.confirmationCalls,
        flaggedForAdvisor: s.appointment.flaggedForAdvisor,
        noShowTaskOpened: run.noShowTaskOpened,
      },
      run.policy,
    );
    if (await waitUntil(changed, step.at, `booking: ${step.kind.replaceAll('_', ' ')}`)) continue;
    const customer = `${s.customer.name} (${s.vehicle.plate})`;
    switch (step.kind) {
      case 'confirmation_call':
        s.appointment.confirmationCalls = step.attempt;
        run.task({
          id: `${run.visitId}:confirmation:${rev}`,
          kind: 'confirmation_call',
          assigneeRole: 'advisor',
          title: `Confirm tomorrow's appointment with ${customer}, call ${step.attempt}`,
          dueAt: s.appointmentAt,
          attempt: step.attempt,
        });
        await run.event({
          type: 'confirmation_call_due',
          actor: SYSTEM,
          lane: 'front_stage',
          summary: `Confirmation call ${step.attempt} put on the call list`,
        });
        break;
      case 'confirmation_unanswered':
        s.appointment.flaggedForAdvisor = true;
        run.task({
          id: `${run.visitId}:confirmation-escalation:${rev}`,
          kind: 'confirmation_escalation',
          assigneeRole: 'advisor',
          title: `Unconfirmed booking: ${customer} could not be reached`,
          dueAt: s.appointmentAt,
          attempt: 1,
        });
        run.notify({
          id: `${run.visitId}:unconfirmed:${rev}`,
          audience: 'advisor',
          to: s.advisorId,
          template: 'booking_unconfirmed',
          payload: { appointmentAt: s.appointmentAt },
        });
        await run.event({
          type: 'confirmation_unanswered',
          actor: SYSTEM,
          lane: 'front_stage',
          summary: 'Booking still unconfirmed: advisor told',
        });
        break;
      case 'no_show':
        run.noShowTaskOpened = true;
        run.task({
          id: `${run.visitId}:no-show:${rev}`,
          kind: 'no_show',
          assigneeRole: 'advisor',
          title: `No-show: call ${customer} and re-book`,
          dueAt: nowIso(),
          attempt: 1,
        });
        await run.event({
          type: 'no_show_detected',
          actor: SYSTEM,
          lane: 'front_stage',
          summary: 'Customer did not arrive: no-show call on the list',
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
        break;
    }
  }
}

/** The 3-day follow-up call [S1.9]: on the call list, escalated if the customer is not reached in time, closed with the window. */
async function runFollowUp(run: VisitRun) {
  const s = run.state;
  const deliveredAt = Date.parse(s.pickup?.at ?? nowIso());
  const left = () => s.stage !== 'follow_up';
  if (await waitUntil(left, deliveredAt + run.policy.followUpCallAfterMs, 'follow-up: put the call on the list')) return;
  const deadline = deliveredAt + run.policy.followUpDeadlineMs;
  // A call logged before the task was due: reached, the visit has left follow-up above; not reached, the call is
  // still owed, so it stays on the list and escalates unless someone reaches the customer by the deadline.
  const owedUntilReached = patched(FOLLOW_UP_OWED_UNTIL_REACHED_PATCH);
  if (owedUntilReached || s.followUp.attempts === 0)
    run.task({
      id: `${run.visitId}:follow-up`,
      kind: 'follow_up_call',
      assigneeRole: 'advisor',
      title: `Follow-up call to ${s.customer.name} (${s.vehicle.plate})`,
      dueAt: new Date(deadline).toISOString(),
      attempt: 1,
    });
  const done = () => left() || (!owedUntilReached && s.followUp.attempts > 0);
  if (!(await waitUntil(done, deadline, 'follow-up: escalate if not logged'))) {
    s.followUp.escalated = true;
    run.task({
      id: `${run.visitId}:follow-up-escalation`,
      kind: 'follow_up_escalation',
      assigneeRole: 'supervisor',
      title: `Follow-up call to ${s.customer.name}: customer not reached within ${Math.round(run.policy.followUpDeadlineMs / 86_400_000)} days`,
      dueAt: nowIso(),
      attempt: 1,
    });
    run.notify({
      id: `${run.visitId}:follow-up-late`,
      audience: 'supervisor',
      to: 'service-supervisor',
      template: 'follow_up_overdue',
      payload: { visitId: run.visitId },
    });
    await run.event({
      type: 'follow_up_escalated',
      actor: SYSTEM,
      lane: 'back_stage',
      summary: 'Customer not reached by the follow-up deadline: service supervisor told',
    });
  }
  if (await waitUntil(left, deliveredAt + run.policy.followUpWindowMs, 'follow-up: close the window')) return;
  for (const task of ['follow-up', 'follow-up-escalation'])
    run.closeTask(`${run.visitId}:${task}`, SYSTEM.id, { reached: false, windowClosed: true });
  await run.event({
    type: 'follow_up_window_closed',
    actor: SYSTEM,
    lane: 'front_stage',
    summary: 'Customer not reached before the follow-up window closed',
    toStage: 'aftercare',
  });
}

/** Plans the vehicle's next maintenance from this visit and records it. */
async function planMaintenance(run: VisitRun) {
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
async function runAftercare(run: VisitRun) {
  const s = run.state;
  const due = await planMaintenance(run);
  const remindAt = Date.parse(due.dueAt) - run.policy.reminderLeadMs;
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
  run.notify({
    id: `${run.visitId}:maintenance-reminder`,
    audience: 'customer',
    to: s.customer.id,
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

/**
 * Patch id of writing the visit row and its `visit_opened` event in one activity: a booking then costs one
 * activity and one workflow task fewer, the server's share of which limited the booking rate in `npm run bench`.
 */
export const VISIT_OPENED_IN_ONE_WRITE_PATCH = 'visit-opened-in-one-write';

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
  registerActions(run);
  const effects = run.runEffects();
  await runAftercare(run);
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
  upsertSearchAttributes([
    { key: VisitStageKey, value: s.stage },
    { key: ServiceAdvisorKey, value: s.advisorId },
    { key: VehiclePlateKey, value: s.vehicle.plate },
  ]);
  // Queued before any action can be accepted, so the visit row and `visit_opened` are always written first.
  const openedSpec: EventSpec = {
    type: 'visit_opened',
    actor: SYSTEM,
    lane: input.kind === 'walk_in' ? 'customer' : 'front_stage',
    summary: input.kind === 'walk_in' ? 'Walk-in at reception' : `Appointment booked for ${input.appointmentAt}`,
    data: { kind: input.kind, requestedServices: input.requestedServices },
  };
  let openedRecord: ReturnType<typeof run.activities.recordVisitOpened>;
  let openedEvent = Promise.resolve();
  if (patched(VISIT_OPENED_IN_ONE_WRITE_PATCH)) {
    const openedEventRecord = run.eventRecord(openedSpec);
    openedRecord = run.inOrder(() => run.activities.recordVisitOpened({ ...input, stage: s.stage, openedEventRecord }));
  } else {
    openedRecord = run.inOrder(() => run.activities.recordVisitOpened({ ...input, stage: s.stage }));
    openedEvent = run.event(openedSpec);
  }
  registerActions(run);
  // A visit whose opening record is refused still runs: the incident says its row is missing.
  const opened = await (run.raisesIncidents
    ? openedRecord.catch(async (err) => {
        await run.incident(err);
        return { declinedBefore: [], supersedes: [] };
      })
    : openedRecord);
  s.declinedBefore = opened.declinedBefore;
  await openedEvent;
  for (const olderVisit of opened.supersedes) {
    // The older visit may have closed meanwhile; then there is nothing left to supersede.
    await getExternalWorkflowHandle(olderVisit)
      .signal(supersededSignal, { byVisitId: s.visitId })
      .catch(() => undefined);
  }

  const effects = run.runEffects();
  const watches = Promise.all([watchApprovals(run), watchPromise(run), watchDispatch(run)]);

  await runBooking(run);
  await condition(() => run.ended || isAtOrPast(s.stage, 'follow_up'));
  if (s.stage === 'follow_up') await runFollowUp(run);
  if (s.stage === 'aftercare' && patched(AFTERCARE_RUN_PATCH)) {
    // This run's records, tasks and messages are written first: the next run starts owing nothing.
    await condition(() => run.effectsDone() && allHandlersFinished());
    // The plate, advisor and stage stay searchable in the new run.
    const nextRun = makeContinueAsNewFunc<typeof visit>({ typedSearchAttributes: workflowInfo().typedSearchAttributes });
    if (patched(COMPACT_AFTERCARE_PATCH)) {
      // Planned here, so the aftercare run starts from the plan alone; this event also records the visit's facts
      // in full for a visit started before they were recorded (VISIT_FACTS_PATCH), as every first new event does.
      const due = await planMaintenance(run);
      await condition(() => run.effectsDone() && allHandlersFinished());
      await nextRun({ aftercare: { plan: run.aftercarePlan(due) } });
    }
    await nextRun({ aftercare: { start: input, ...run.carriedOver() } });
  }
  if (s.stage === 'aftercare') await runAftercare(run);

  if (!run.ended) await condition(() => run.ended);
  await watches;
  await condition(() => run.effectsDone() && allHandlersFinished());
  await effects;
  return s;
}
