import { allHandlersFinished, condition, patched, setHandler } from '@temporalio/workflow';
import type { Notification } from '../activities/notifications.js';
import type { ActionActor } from '../domain/action-rules.js';
import { callReference } from '../domain/call-reference.js';
import { COMPLAINT_ACTION_RULES, COMPLAINT_SOURCE_NAME, type ComplaintActionName } from '../domain/complaint-rules.js';
import type { ComplaintStart, ComplaintState, SlaClock } from '../domain/complaints.js';
import { CARE_ENTRY_DETAIL_PATCH, type ComplaintEntryType, type EntryDetail } from '../domain/entry-words.js';
import { registerActions } from './action-updates.js';
import { complaintRecordedUpdate, complaintStateQuery, complaintUpdates } from './care-messages.js';
import { careRecorder } from './care-records.js';
import { nowIso, records } from './common.js';
import { incidentFrom, RECORD_REJECTION_PATCH, recordRejected } from './incidents.js';
import { deliverOrHandOver } from './message-delivery.js';
import { waitUntil } from './timers.js';

const acts = records;

const CLOCK_NAMES: Record<SlaClock, string> = { first_response: 'first response', resolution: 'resolution' };

/**
 * One complaint [S4]: received and recorded → assigned (the first response) → solution proposed → carried
 * out → outcome reported with the explanation and remedy (the resolution) → closed. Two SLA clocks run from
 * receipt; when one runs out the service manager gets an escalation task and a message.
 */
export async function complaint(input: ComplaintStart): Promise<ComplaintState> {
  // Decided once at the start, so a complaint started before it keeps the exact order of its steps on replay.
  const raisesIncidents = patched(RECORD_REJECTION_PATCH);
  // Likewise: entries noted before it carry their English summary only.
  const notesDetail = patched(CARE_ENTRY_DETAIL_PATCH);
  const id = input.complaintId;
  const reference = callReference('C', id.replace(/^complaint-(call-)?/, ''));
  const s: ComplaintState = {
    complaintId: id,
    source: input.source,
    stage: 'received',
    receivedAt: input.receivedAt,
    description: input.description,
    customer: input.customer,
    visitId: input.visitId,
    plate: input.plate,
    hotlineCallId: input.hotlineCallId,
    satisfaction: input.satisfaction,
    firstResponseDueAt: input.receivedAt,
    resolutionDueAt: input.receivedAt,
    escalated: {},
    timeline: [],
  };
  const recorder = careRecorder({ kind: 'complaint', id, state: s, raisesIncidents, write: acts.saveComplaint });
  const { save, saveStep } = recorder;
  const effects: Promise<unknown>[] = [];
  const note = (type: ComplaintEntryType, actorId: string, summary: string, detail: EntryDetail = {}) =>
    s.timeline.push({ at: nowIso(), type, actorId, summary, ...(notesDetail ? { detail } : {}) });
  // Messages and tasks run beside the steps: a slow gateway never holds up the person handling the complaint.
  // A task or message the database refuses is an incident, not a failed complaint.
  const background = (work: Promise<unknown>) =>
    effects.push(raisesIncidents ? work.catch((err) => incidentFrom(err, 'complaint')) : work);
  const notify = (n: Notification) => background(deliverOrHandOver({ ...n, visitId: s.visitId }));
  const who = s.customer ? `${s.customer.name}${s.plate ? ` (${s.plate})` : ''}` : (s.plate ?? 'a caller');

  setHandler(complaintStateQuery, () => s);
  // Noted as the record lands, before any step waiting on it: the timeline always starts with 'received'.
  // A complaint whose opening record is refused has no deadlines to run: it ends with the incident raised.
  const opened = acts.recordComplaintOpened(input).then(
    (deadlines) => {
      Object.assign(s, deadlines);
      note('received', 'servicelane', `Complaint received from ${who} by ${COMPLAINT_SOURCE_NAME[s.source]}: ${s.description}`, {
        source: s.source,
      });
    },
    raisesIncidents
      ? async (err) => {
          throw recordRejected(await incidentFrom(err, 'complaint'), 'The complaint');
        }
      : undefined,
  );

  // No command of its own: a complaint started before this handler existed replays unchanged.
  setHandler(complaintRecordedUpdate, async () => {
    await opened;
    // Read-your-writes: a GET right after the POST finds the complaint with its 'received' entry.
    // Only since the read model: when the update completes is in the history, so an older complaint answers as before.
    if (recorder.readModel) await recorder.recorded();
    return recorder.answer();
  });

  const apply: { [A in ComplaintActionName]: (payload: never, actor: ActionActor) => Promise<void> } = {
    async assign(p: { assigneeId: string; acknowledgement: string }, actor) {
      const first = !s.firstResponseAt;
      s.assigneeId = p.assigneeId;
      s.firstResponseAt ??= nowIso();
      s.stage = 'assigned';
      note('assigned', actor.id, `${first ? 'Assigned' : 'Reassigned'} to ${p.assigneeId}: ${p.acknowledgement}`, {
        assigneeId: p.assigneeId,
        first,
        acknowledgement: p.acknowledgement,
      });
      if (first)
        background(
          acts.closeTask({ id: `${id}:assign`, closedBy: actor.id, at: nowIso(), outcome: { assigneeId: p.assigneeId } }),
        );
      background(
        acts.closeTask({ id: `${id}:escalation:first_response`, closedBy: actor.id, at: nowIso(), outcome: { assigned: true } }),
      );
      notify({
        id: `${id}:assigned:${p.assigneeId}`,
        audience: 'advisor',
        to: p.assigneeId,
        template: 'complaint_assigned',
        payload: { complaintId: id, reference, description: s.description, resolutionDueAt: s.resolutionDueAt },
      });
      await save();
    },
    async propose_solution(p: { solution: string }, actor) {
      s.solution = p.solution;
      s.stage = 'solution_proposed';
      note('solution_proposed', actor.id, `Solution: ${p.solution}`, { solution: p.solution });
      await save();
    },
    async carry_out(p: { notes: string }, actor) {
      s.stage = 'carried_out';
      note('carried_out', actor.id, `Carried out: ${p.notes}`, { notes: p.notes });
      await save();
    },
    async report_outcome(p: { explanation: string; remedy: string; channel: string }, actor) {
      s.outcome = { explanation: p.explanation, remedy: p.remedy, channel: p.channel };
      s.resolvedAt = nowIso();
      s.stage = 'outcome_reported';
      note('outcome_reported', actor.id, `Outcome reported by ${p.channel}; remedy: ${p.remedy}`, {
        channel: p.channel,
        remedy: p.remedy,
      });
      background(
        acts.closeTask({ id: `${id}:escalation:resolution`, closedBy: actor.id, at: nowIso(), outcome: { resolved: true } }),
      );
      // Whatever was said on the phone, the customer also gets it in writing on their channel.
      if (s.customer)
        notify({
          id: `${id}:outcome`,
          audience: 'customer',
          to: s.customer.id,
          template: 'complaint_outcome',
          payload: { reference, explanation: p.explanation, remedy: p.remedy },
        });
      await save();
    },
    async close(p: { customerAccepted: boolean; notes?: string }, actor) {
      s.customerAccepted = p.customerAccepted;
      s.closedAt = nowIso();
      s.stage = 'closed';
      if (s.outcome && p.notes) s.outcome.notes = p.notes;
      note(
        'closed',
        actor.id,
        p.customerAccepted ? 'Closed: the customer accepted the outcome' : 'Closed without the customer’s acceptance',
        { accepted: p.customerAccepted },
      );
      if (!p.customerAccepted)
        notify({
          id: `${id}:closed-unaccepted`,
          audience: 'manager',
          to: 'service-manager',
          template: 'complaint_closed_unaccepted',
          payload: { complaintId: id, reference, notes: p.notes },
        });
      await save();
    },
  };

  registerActions({
    subject: 'complaint',
    rules: COMPLAINT_ACTION_RULES,
    updates: complaintUpdates,
    standing: () => ({ stage: s.stage }),
    async apply(name, payload, actor) {
      await opened;
      // The API held the payload's shape to COMPLAINT_ACTIONS[name].payload; a history's copy is applied as accepted.
      await apply[name](payload as never, actor);
      return recorder.answer();
    },
  });

  await opened;
  background(
    acts.openCareTask({
      id: `${id}:assign`,
      kind: 'complaint_assignment',
      visitId: s.visitId,
      customerId: s.customer?.id,
      assigneeRole: 'manager',
      title: `Complaint ${reference} from ${who}: assign an owner who calls the customer`,
      dueAt: s.firstResponseDueAt,
    }),
  );
  if (s.customer)
    notify({
      id: `${id}:received`,
      audience: 'customer',
      to: s.customer.id,
      template: 'complaint_received',
      payload: { reference, firstResponseDueAt: s.firstResponseDueAt },
    });
  await saveStep();

  /** When a clock runs out before its step is done, the service manager takes over. */
  const watch = async (clock: SlaClock, dueAt: string, met: () => boolean) => {
    if (await waitUntil(met, Date.parse(dueAt), `complaint: ${CLOCK_NAMES[clock]} deadline`)) return;
    s.escalated[clock] = nowIso();
    note('sla_missed', 'servicelane', `The ${CLOCK_NAMES[clock]} deadline ${dueAt} passed: escalated to the service manager`, {
      clock,
      dueAt,
    });
    background(
      acts.openCareTask({
        id: `${id}:escalation:${clock}`,
        kind: 'complaint_escalation',
        visitId: s.visitId,
        customerId: s.customer?.id,
        assigneeRole: 'manager',
        title: `Complaint ${reference} from ${who} missed its ${CLOCK_NAMES[clock]} deadline: take it over`,
        dueAt: nowIso(),
      }),
    );
    notify({
      id: `${id}:sla-missed:${clock}`,
      audience: 'manager',
      to: 'service-manager',
      template: 'complaint_sla_missed',
      payload: { complaintId: id, reference, clock, dueAt, assigneeId: s.assigneeId },
    });
    await saveStep();
  };
  await Promise.all([
    watch('first_response', s.firstResponseDueAt, () => s.firstResponseAt !== undefined),
    watch('resolution', s.resolutionDueAt, () => s.resolvedAt !== undefined),
  ]);

  await condition(() => s.stage === 'closed' && allHandlersFinished());
  await Promise.all(effects);
  await recorder.settled();
  return s;
}
