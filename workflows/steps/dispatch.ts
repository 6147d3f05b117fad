// Step 5, dispatch [S1.5]: the job's place in the workshop plan, and the foreman's choice of technician.
import { condition } from '@temporalio/workflow';
import { invalid, notNow, nowIso } from '../common.js';
import { SYSTEM, type VisitRun } from '../visit-run.js';
import type { StepActions } from './handler.js';

export const DISPATCH_ACTIONS: StepActions<'assign_technician'> = {
  assign_technician: {
    check: (run, p) => {
      // Sent through the API, the choice was checked against the workshop plan of that moment (who is active,
      // qualified, proposed): the visit has no reading of its own to wait for.
      if (p.plan) return;
      // Sent without a plan (tools talking to Temporal directly): checked against the visit's own reading.
      if (run.dispatchCandidates === null) throw notNow('the dispatch proposal is still being prepared; try again in a moment');
      if (!run.dispatchCandidates.includes(p.technicianId))
        throw invalid(`technicianId: ${p.technicianId} is not an active technician`);
      const proposed = run.state.dispatch.proposal?.technicianId;
      if (proposed && proposed !== p.technicianId && !p.overrideReason)
        throw invalid(`overrideReason: say why ${p.technicianId} rather than ${proposed}, whom the plan proposes`);
    },
    async apply(run, payload, actor) {
      const { plan, ...choice } = payload;
      run.state.dispatch = {
        ...run.state.dispatch,
        // The proposal the choice was made against, not the one read when the job reached dispatch.
        ...(plan ? { proposal: plan.proposal, planVersion: plan.version } : {}),
        technicianId: choice.technicianId,
        assignedAt: nowIso(),
        overrideReason: choice.overrideReason,
      };
      await run.event({
        type: 'dispatched',
        actor,
        lane: 'back_stage',
        summary: `Dispatched to ${choice.technicianId}${choice.overrideReason ? ` (override: ${choice.overrideReason})` : ''}`,
        toStage: 'in_repair',
        data: payload,
      });
    },
  },
};

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
