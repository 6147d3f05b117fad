import { allHandlersFinished, condition, ParentClosePolicy, patched, setHandler, startChild, uuid4 } from '@temporalio/workflow';
import type { Notification } from '../activities/notifications.js';
import type { ActionActor } from '../domain/action-rules.js';
import { callReference } from '../domain/call-reference.js';
import { CARE_ENTRY_DETAIL_PATCH, type EntryDetail, type RescueEntryType } from '../domain/entry-words.js';
import type { RescueActionPayload, RescueStart, RescueState } from '../domain/rescue.js';
import {
  RESCUE_ACTION_RULES,
  RESCUE_END_STAGES,
  RESCUE_PAYLOAD_DEFAULTS,
  type RescueActionName,
  rescueRequest,
} from '../domain/rescue-rules.js';
import { registerActions } from './action-updates.js';
import { rescueRecordedUpdate, rescueStateQuery, rescueUpdates } from './care-messages.js';
import { careRecorder } from './care-records.js';
import { nowIso, records } from './common.js';
import { incidentFrom, RECORD_REJECTION_PATCH, recordRejected } from './incidents.js';
import { deliverOrHandOver } from './message-delivery.js';
import { visitSearchAttributes } from './search-attributes.js';
import { waitUntil } from './timers.js';
import type { visit } from './visit.js';

const acts = records;

/**
 * A roadside rescue [S1.2, S3.5]: dispatched from the hotline → the crew sets out with an ETA → arrives →
 * tows the car in, which opens a walk-in visit with priority (or fixes it on site). A crew that does not set
 * out in time, or misses its ETA, is escalated to the service manager and the customer is told.
 */
export async function rescue(input: RescueStart): Promise<RescueState> {
  // Decided once at the start, so a rescue started before it keeps the exact order of its steps on replay.
  const raisesIncidents = patched(RECORD_REJECTION_PATCH);
  // Likewise: entries noted before it carry their English summary only.
  const notesDetail = patched(CARE_ENTRY_DETAIL_PATCH);
  const id = input.rescueId;
  const reference = callReference('R', id.replace(/^rescue-/, ''));
  const s: RescueState = {
    rescueId: id,
    stage: 'dispatched',
    customer: input.customer,
    location: input.location,
    problem: input.problem,
    plate: input.plate,
    hotlineCallId: input.hotlineCallId,
    dispatchedAt: nowIso(),
    etaMissed: 0,
    setOutEscalated: false,
    timeline: [],
  };
  const ended = () => RESCUE_END_STAGES.includes(s.stage);
  /** Changes with every new ETA, so the lateness timer starts over. */
  let etaRev = 0;
  let towing = false;
  const recorder = careRecorder({ kind: 'rescue', id, state: s, raisesIncidents, write: acts.saveRescue });
  const { save, saveStep } = recorder;
  const effects: Promise<unknown>[] = [];
  const escalations: string[] = [];
  const note = (type: RescueEntryType, actorId: string, summary: string, detail: EntryDetail = {}) =>
    s.timeline.push({ at: nowIso(), type, actorId, summary, ...(notesDetail ? { detail } : {}) });
  // A task or message the database refuses is an incident, not a failed rescue.
  const background = (work: Promise<unknown>) =>
    effects.push(raisesIncidents ? work.catch((err) => incidentFrom(err, 'rescue')) : work);
  const notify = (n: Notification) => background(deliverOrHandOver(n));
  const tellCustomer = (key: string, template: string, payload: Record<string, unknown>) =>
    notify({ id: `${id}:${key}`, audience: 'customer', to: s.customer.id, template, payload: { reference, ...payload } });
  const escalate = (key: string, title: string, payload: Record<string, unknown>) => {
    const taskId = `${id}:${key}`;
    escalations.push(taskId);
    background(
      acts.openCareTask({
        id: taskId,
        kind: 'rescue_escalation',
        customerId: s.customer.id,
        assigneeRole: 'manager',
        title: `Rescue ${reference} for ${s.customer.name} at ${s.location}: ${title}`,
        dueAt: nowIso(),
      }),
    );
    notify({
      id: taskId,
      audience: 'manager',
      to: 'service-manager',
      template: 'rescue_escalated',
      payload: { rescueId: id, ...payload },
    });
  };
  const closeEscalations = (actorId: string, outcome: Record<string, unknown>) => {
    for (const taskId of escalations.splice(0))
      background(acts.closeTask({ id: taskId, closedBy: actorId, at: nowIso(), outcome }));
  };

  const apply: { [A in RescueActionName]: (payload: RescueActionPayload<A>, actor: ActionActor) => Promise<void> } = {
    async set_out(p, actor) {
      const first = s.stage === 'dispatched';
      s.crew = p.crew;
      s.etaAt = p.etaAt;
      s.onTheWayAt ??= nowIso();
      s.stage = 'on_the_way';
      etaRev++;
      note(first ? 'set_out' : 'eta_changed', actor.id, `${p.crew} ${first ? 'on the way' : 'gave a new ETA'}, ETA ${p.etaAt}`, {
        crew: p.crew,
        etaAt: p.etaAt,
      });
      tellCustomer(`eta:${etaRev}`, 'rescue_on_the_way', { crew: p.crew, location: s.location, etaAt: p.etaAt });
      await save();
    },
    async arrive(p, actor) {
      s.arrivedAt = nowIso();
      s.stage = 'arrived';
      note('arrived', actor.id, `Crew at the vehicle${p.notes ? `: ${p.notes}` : ''}`, { notes: p.notes ?? null });
      closeEscalations(actor.id, { arrived: true });
      await save();
    },
    async tow_in(p, actor) {
      towing = true;
      // The walk-in is the rescue's child under an id made here, so a retry or replay never opens a second one.
      const visitId = uuid4();
      const start = await acts.prepareRescueVisit({
        rescueId: id,
        visitId,
        customerId: s.customer.id,
        vehicle: p.vehicle,
        advisorId: p.advisorId,
        requestedServices: [rescueRequest(reference, s.problem), ...p.requestedServices],
        priorityReason: p.priorityReason,
        visitPolicy: input.visitPolicy,
        // A new field of the activity's input, not a new command: a replay reads the activity's result, never its input.
        refuseDuplicate: p.confirmDuplicate !== true,
      });
      // By name: the rescue's sandbox never loads the visit workflow's code, only its own.
      await startChild<typeof visit>('visit', {
        workflowId: visitId,
        args: [start],
        // The visit outlives the rescue by months (follow-up, reminders).
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: visitSearchAttributes({ stage: 'reception', advisorId: p.advisorId, plate: p.vehicle.plate }),
      });
      s.visitId = visitId;
      s.plate = p.vehicle.plate;
      s.endedAt = nowIso();
      s.stage = 'towed_in';
      note('towed_in', actor.id, `Towed in: walk-in visit ${visitId} opened with priority ${p.priorityReason}`, {
        visitId,
        priorityReason: p.priorityReason,
      });
      await save();
    },
    async resolve_on_site(p, actor) {
      s.endedAt = nowIso();
      s.stage = 'resolved_on_site';
      note('resolved_on_site', actor.id, `Fixed at the roadside: ${p.notes}`, { notes: p.notes });
      await save();
    },
    async cancel(p, actor) {
      s.endedAt = nowIso();
      s.stage = 'cancelled';
      note('cancelled', actor.id, `Cancelled: ${p.reason}`, { reason: p.reason });
      closeEscalations(actor.id, { cancelled: p.reason });
      await save();
    },
  };

  setHandler(rescueStateQuery, () => s);
  // No command of its own (a rescue started before it replays unchanged): the hotline's POST answers after it.
  setHandler(rescueRecordedUpdate, async () => {
    await recorder.recorded();
    return recorder.answer();
  });
  registerActions({
    subject: 'rescue',
    rules: RESCUE_ACTION_RULES,
    updates: rescueUpdates,
    standing: () => (towing ? { stage: s.stage, busy: 'being towed in' } : { stage: s.stage }),
    async apply(name, payload, actor) {
      const defaults: object | undefined = (RESCUE_PAYLOAD_DEFAULTS as Partial<Record<RescueActionName, object>>)[name];
      // The API held the payload's shape to RESCUE_ACTIONS[name].payload; a history's copy is applied as accepted,
      // with the defaults a tool may have left out.
      const applied = (apply[name] as (p: unknown, a: ActionActor) => Promise<void>)(
        { ...defaults, ...(payload as object) },
        actor,
      );
      // A record the action needed was refused (the walk-in's, say): an incident, and the rescue takes actions again.
      await (raisesIncidents
        ? applied.catch(async (err) => {
            towing = false;
            throw recordRejected(await incidentFrom(err, 'rescue'), `The ${name.replaceAll('_', ' ')} action`);
          })
        : applied);
      return recorder.answer();
    },
  });

  note('dispatched', 'servicelane', `Rescue dispatched to ${s.location}: ${s.problem}`, {
    location: s.location,
    problem: s.problem,
  });
  tellCustomer('dispatched', 'rescue_dispatched', { location: s.location });
  await saveStep();

  // Setting out: a crew still not moving after the allowed time is the manager's problem.
  const setOutBy = Date.parse(s.dispatchedAt) + input.policy.setOutWithinMs;
  if (!(await waitUntil(() => s.stage !== 'dispatched', setOutBy, 'rescue: crew sets out'))) {
    s.setOutEscalated = true;
    note('set_out_late', 'servicelane', 'No crew on the way in time: escalated to the service manager');
    escalate('set-out-late', 'no crew has set out yet', { dispatchedAt: s.dispatchedAt });
    await saveStep();
  }

  // The ETA: each missed one is escalated once and the customer told; a new ETA starts the clock again.
  while (!ended()) {
    await condition(() => ended() || s.stage === 'on_the_way');
    if (s.stage !== 'on_the_way') break;
    const rev = etaRev;
    const renewed = () => s.stage !== 'on_the_way' || etaRev !== rev;
    if (!(await waitUntil(renewed, Date.parse(s.etaAt ?? nowIso()) + input.policy.etaGraceMs, 'rescue: ETA'))) {
      s.etaMissed++;
      note('eta_missed', 'servicelane', `ETA ${s.etaAt} missed: escalated to the service manager, customer told`, {
        etaAt: s.etaAt ?? null,
      });
      escalate(`eta-missed:${rev}`, `crew ${s.crew} missed its ETA ${s.etaAt}`, { etaAt: s.etaAt, crew: s.crew });
      tellCustomer(`delayed:${rev}`, 'rescue_delayed', { location: s.location });
      await saveStep();
      await condition(renewed);
    }
  }

  await condition(() => ended() && allHandlersFinished());
  await Promise.all(effects);
  await recorder.settled();
  return s;
}
