// Step 9, follow-up [S1.9]: the call within 3 days, retried, escalated, and a complaint for a dissatisfied customer.
import { invalid, nowIso } from '../common.js';
import { COMPLAINT_FROM_FOLLOW_UP_PATCH, openComplaintForVisit } from '../complaint-link.js';
import { waitUntil } from '../timers.js';
import { SYSTEM, type VisitRun } from '../visit-run.js';
import type { StepActions } from './handler.js';
import { notifyStaff, tellStaff } from './tell.js';

/**
 * Patch id of the follow-up call being owed until the customer is reached: a call logged before the task was due
 * puts the task on the list (closed or due again with the call's outcome), and an unanswered early call neither
 * keeps the call off the list nor stops the escalation at the deadline.
 */
export const FOLLOW_UP_OWED_UNTIL_REACHED_PATCH = 'follow-up-owed-until-reached';

export const FOLLOW_UP_ACTIONS: StepActions<'record_follow_up'> = {
  record_follow_up: {
    check: (_run, p) => {
      if (p.reached && p.satisfaction === undefined) throw invalid('satisfaction: required when the customer was reached (1–5)');
      // A call nobody answered has no score and raises no complaint: taken, the score went on file as the customer's
      // and the ticked complaint was dropped without a word.
      if (!p.reached && p.satisfaction !== undefined)
        throw invalid('satisfaction: give a score only when the customer was reached');
      if (!p.reached && p.complaint) throw invalid('complaint: record a complaint only when the customer was reached');
    },
    async apply(run, payload, actor) {
      const f = run.state.followUp;
      const followUpTask = `${run.visitId}:follow-up`;
      // A call logged before its task was due answers that task: it is put on the list first, so every delivered
      // visit keeps one follow-up task, closed with the call's outcome or due again for the next attempt.
      const deliveredAt = Date.parse(run.state.pickup?.at ?? nowIso());
      if (
        f.attempts === 0 &&
        Date.now() < run.after(deliveredAt, run.policy.followUpCallAfterMs) &&
        run.patched(FOLLOW_UP_OWED_UNTIL_REACHED_PATCH)
      )
        run.task({
          id: followUpTask,
          kind: 'follow_up_call',
          assigneeRole: 'advisor',
          title: `Follow-up call to ${run.state.customer.name} (${run.state.vehicle.plate})`,
          dueAt: new Date(run.after(deliveredAt, run.policy.followUpDeadlineMs)).toISOString(),
          attempt: 1,
        });
      f.attempts++;
      const attempt = f.attempts;
      let summary = 'Follow-up call: no answer';
      if (payload.reached) {
        f.reached = true;
        f.satisfaction = payload.satisfaction;
        run.closeTask(followUpTask, actor.id, { reached: true, satisfaction: payload.satisfaction });
        run.closeTask(`${run.visitId}:follow-up-escalation`, actor.id, { reached: true });
        summary = `Follow-up call: satisfaction ${payload.satisfaction}/5${payload.complaint ? ', complaint' : ''}`;
        if ((payload.satisfaction ?? 5) <= 2 || payload.complaint) {
          f.supervisorNotified = true;
          notifyStaff(run, 'supervisor', {
            id: `${run.visitId}:dissatisfied`,
            template: 'customer_dissatisfied',
            payload: {
              visitId: run.visitId,
              satisfaction: payload.satisfaction,
              complaint: payload.complaint,
              comments: payload.comments,
            },
          });
          run.task({
            id: `${run.visitId}:supervisor-review`,
            kind: 'supervisor_review',
            assigneeRole: 'supervisor',
            title: `Dissatisfied customer ${run.state.customer.name} (${run.state.vehicle.plate}): call back`,
            dueAt: new Date(Date.now() + 24 * 3_600_000).toISOString(),
            attempt: 1,
          });
        }
      } else {
        const retryAt = run.after(Date.now(), run.policy.followUpRetryMs);
        run.task({
          id: followUpTask,
          kind: 'follow_up_call',
          assigneeRole: 'advisor',
          title: `Follow-up call to ${run.state.customer.name} (${run.state.vehicle.plate}), attempt ${attempt + 1}`,
          dueAt: new Date(retryAt).toISOString(),
          attempt: attempt + 1,
        });
      }
      await run.event({
        type: 'follow_up_logged',
        actor,
        lane: 'front_stage',
        summary,
        toStage: payload.reached ? 'aftercare' : undefined,
        data: payload,
        records: {
          followUp: { attempt, reached: payload.reached, satisfaction: payload.satisfaction, comments: payload.comments },
        },
      });
      // A dissatisfied customer also gets a complaint with SLA clocks [S4], linked to this visit (care issue).
      if (f.supervisorNotified && payload.reached && run.patched(COMPLAINT_FROM_FOLLOW_UP_PATCH))
        await openComplaintForVisit({
          visitId: run.visitId,
          customer: { id: run.state.customer.id, name: run.state.customer.name },
          plate: run.state.vehicle.plate,
          satisfaction: payload.satisfaction,
          comments: payload.comments,
        });
    },
  },
};

/** The 3-day follow-up call [S1.9]: on the call list, escalated if the customer is not reached in time, closed with the window. */
export async function runFollowUp(run: VisitRun) {
  const s = run.state;
  const deliveredAt = Date.parse(s.pickup?.at ?? nowIso());
  const left = () => s.stage !== 'follow_up';
  if (await waitUntil(left, run.after(deliveredAt, run.policy.followUpCallAfterMs), 'follow-up: put the call on the list'))
    return;
  const deadline = run.after(deliveredAt, run.policy.followUpDeadlineMs);
  // A call logged before the task was due: reached, the visit has left follow-up above; not reached, the call is
  // still owed, so it stays on the list and escalates unless someone reaches the customer by the deadline.
  const owedUntilReached = run.patched(FOLLOW_UP_OWED_UNTIL_REACHED_PATCH);
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
    await tellStaff(run, {
      to: 'supervisor',
      task: {
        id: `${run.visitId}:follow-up-escalation`,
        kind: 'follow_up_escalation',
        title: `Follow-up call to ${s.customer.name}: customer not reached within ${Math.round(run.policy.followUpDeadlineMs / 86_400_000)} days`,
        dueAt: nowIso(),
      },
      notice: {
        id: `${run.visitId}:follow-up-late`,
        template: 'follow_up_overdue',
        payload: { visitId: run.visitId },
      },
      event: {
        type: 'follow_up_escalated',
        lane: 'back_stage',
        summary: 'Customer not reached by the follow-up deadline: service supervisor told',
      },
    });
  }
  if (await waitUntil(left, run.after(deliveredAt, run.policy.followUpWindowMs), 'follow-up: close the window')) return;
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
