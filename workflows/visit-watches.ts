import { condition } from '@temporalio/workflow';
import { isAtOrPast } from '../domain/stage-rules.js';
import { nowIso } from './common.js';
import { waitUntil } from './timers.js';
import { askCustomer } from './visit-actions.js';
import { SYSTEM, type VisitRun } from './visit-run.js';

/** An estimate or additional work the customer sits on: remind them, then tell the advisor. */
export async function watchApprovals(run: VisitRun): Promise<void> {
  const s = run.state;
  const watched = new Set<string>();
  const unwatched = () => s.approvals.find((a) => !a.decidedAt && !watched.has(a.id));
  for (;;) {
    await condition(() => run.ended || unwatched() !== undefined);
    const approval = unwatched();
    if (!approval) return;
    watched.add(approval.id);
    const requestedAt = Date.parse(approval.requestedAt);
    const decided = () => Boolean(approval.decidedAt) || run.ended;
    if (!(await waitUntil(decided, requestedAt + run.policy.approvalReminderMs, 'approval: remind the customer'))) {
      approval.customerRemindedAt = nowIso();
      askCustomer(run, approval, 'reminder');
      await run.event({
        type: 'approval_reminder_sent',
        actor: SYSTEM,
        lane: 'front_stage',
        summary: 'Customer reminded of the pending approval',
      });
    }
    if (!(await waitUntil(decided, requestedAt + run.policy.approvalEscalationMs, 'approval: escalate to the advisor'))) {
      approval.escalatedAt = nowIso();
      run.task({
        id: `${approval.id}:escalation`,
        kind: 'approval_escalation',
        assigneeRole: 'advisor',
        title: `${s.customer.name} (${s.vehicle.plate}) has not answered the ${approval.subject === 'estimate' ? 'estimate' : 'additional work'}: call`,
        dueAt: nowIso(),
        attempt: 1,
      });
      await run.event({
        type: 'approval_escalated',
        actor: SYSTEM,
        lane: 'front_stage',
        summary: 'Approval still pending: advisor asked to call the customer',
      });
    }
  }
}

/** The promised delivery time [S3.4]: at risk when work is not in QC by promised − buffer, late past it. */
export async function watchPromise(run: VisitRun): Promise<void> {
  const s = run.state;
  for (;;) {
    await condition(() => run.ended || s.promisedAt !== undefined);
    if (run.ended || s.promisedAt === undefined) return;
    const rev = run.promiseRev;
    const promised = Date.parse(s.promisedAt);
    const renewed = () => run.promiseRev !== rev || run.ended;
    if (
      !(await waitUntil(
        () => renewed() || isAtOrPast(s.stage, 'quality_check'),
        promised - run.policy.atRiskBufferMs,
        'promised time: at risk if not in QC',
      ))
    ) {
      s.atRisk = true;
      run.task({
        id: `${run.visitId}:at-risk:${rev}`,
        kind: 'at_risk',
        assigneeRole: 'advisor',
        title: `${s.vehicle.plate} may miss its promised time ${s.promisedAt}: tell the customer or re-plan`,
        dueAt: s.promisedAt,
        attempt: 1,
      });
      run.notify({
        id: `${run.visitId}:at-risk:${rev}`,
        audience: 'advisor',
        to: s.advisorId,
        template: 'promise_at_risk',
        payload: { promisedAt: s.promisedAt },
      });
      await run.event({
        type: 'promise_at_risk',
        actor: SYSTEM,
        lane: 'back_stage',
        summary: 'Not in quality control yet: promised time at risk, advisor told',
      });
    }
    if (renewed()) continue;
    if (
      !(await waitUntil(() => renewed() || isAtOrPast(s.stage, 'ready_for_pickup'), promised, 'promised time: late if not ready'))
    ) {
      s.late = true;
      await run.event({
        type: 'promise_missed',
        actor: SYSTEM,
        lane: 'back_stage',
        summary: 'Promised time passed before the vehicle was ready',
      });
    }
    await condition(renewed);
  }
}

/**
 * On reaching dispatch, records the visit's place in the workshop plan of that moment in its history [S1.5]. It
 * binds nothing: the API checks an assignment against the plan of the moment it is made and passes that plan
 * in; this reading only serves assignments sent to the workflow directly (without a plan).
 */
export async function watchDispatch(run: VisitRun): Promise<void> {
  const s = run.state;
  for (;;) {
    await condition(() => run.ended || (s.stage === 'awaiting_dispatch' && run.dispatchCandidates === null));
    if (run.ended) return;
    const approved = s.lines.filter((l) => l.status === 'approved');
    const labourHours = approved.filter((l) => l.kind === 'labour').reduce((sum, l) => sum + l.quantity, 0);
    const { proposal, technicians } = await run.activities.proposeDispatch({
      visitId: s.visitId,
      reason: s.priorityReason,
      promisedAt: s.promisedAt ?? nowIso(),
      requiredSkill: Math.max(1, ...approved.map((l) => l.requiredSkill)),
      estimatedHours: Math.max(labourHours, 0.1),
    });
    s.dispatch.proposal = proposal;
    run.dispatchCandidates = technicians.map((t) => t.id);
    await run.event({
      type: 'dispatch_proposed',
      actor: SYSTEM,
      lane: 'back_stage',
      summary: proposal
        ? `Proposed technician ${proposal.technicianId}: ${proposal.reason}`
        : 'No qualified technician is free: foreman to assign',
      data: { proposal },
    });
    await condition(() => run.ended || s.stage !== 'awaiting_dispatch');
    run.dispatchCandidates = null;
  }
}
