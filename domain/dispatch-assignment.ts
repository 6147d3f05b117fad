import { type DispatchProposal, type PlanInput, type PlannedDispatch, planWorkshop, type WorkshopPlan } from './dispatch.js';
import { toEpochMs } from './time.js';

// The dispatch step's one rule for a foreman's choice, judged against the workshop plan (domain/dispatch.ts).

/** What staff choose at dispatch: a technician, a reason when overriding, and the plan version their screen showed. */
export interface DispatchChoice {
  technicianId: string;
  overrideReason?: string;
  planVersion?: string;
}

export type AssignmentVerdict =
  /** Accepted: the plan it was checked against and the job's place in it. */
  | { ok: true; plan: WorkshopPlan; entry: PlannedDispatch }
  /** The choice contradicts the workshop whatever the plan: `field` names what to change. */
  | { ok: false; kind: 'refused'; field: 'technicianId' | 'overrideReason'; message: string }
  /** The plan moved since the screen showed it, and the choice no longer holds in the new one. */
  | {
      ok: false;
      kind: 'plan_moved';
      message: string;
      plan: WorkshopPlan;
      chosen: { id: string; name: string };
      proposal: DispatchProposal & { technicianName: string };
    };

/** When the job would finish if dispatched to `technicianId` now: the plan with it handed over to them. */
export function finishIfAssigned(input: PlanInput, visitId: string, technicianId: string): string | null {
  const pinned = planWorkshop({
    ...input,
    jobs: input.jobs.map((j) => (j.visitId === visitId ? { ...j, technicianId, assignedAt: input.now } : j)),
  });
  const line = pinned.timelines.find((l) => l.technician.id === technicianId);
  return line?.slots.find((s) => s.visitId === visitId)?.finishAt ?? null;
}

/**
 * The one rule for a dispatch choice, checked against the plan of this moment:
 * - the plan's proposal is always accepted;
 * - any other active technician with the skill is accepted with a reason for the override;
 * - a foreman is not punished for a race: when the screen showed an older plan (`planVersion` differs) and the
 *   choice, made without a reason, is no longer the proposal, it is still accepted if that technician, handed the
 *   job now, finishes it by the promised time (or, when the promise is lost anyway, no later than the plan's
 *   proposal now). Otherwise the answer is that the plan moved, with what it proposes now — never a demand for an
 *   override reason the foreman had no cause to give.
 */
export function judgeAssignment(input: PlanInput, visitId: string, choice: DispatchChoice): AssignmentVerdict | null {
  const plan = planWorkshop(input);
  const entry = plan.dispatch.find((d) => d.job.visitId === visitId);
  if (!entry) return null;
  const refuse = (field: 'technicianId' | 'overrideReason', message: string): AssignmentVerdict => ({
    ok: false,
    kind: 'refused',
    field,
    message: `${field}: ${message}`,
  });
  const line = plan.timelines.find((l) => l.technician.id === choice.technicianId);
  if (!line)
    return refuse(
      'technicianId',
      plan.timelines.length === 0
        ? 'the workshop has no active technician yet; add one and the plan proposes them at once'
        : `${choice.technicianId} is not an active technician`,
    );
  const chosen = line.technician;
  if (chosen.skillLevel < entry.job.requiredSkill)
    return refuse(
      'technicianId',
      `${chosen.name} has skill ${chosen.skillLevel}; this job needs skill ${entry.job.requiredSkill}`,
    );
  const proposal = entry.proposal;
  if (!proposal || proposal.technicianId === chosen.id || choice.overrideReason) return { ok: true, plan, entry };
  const nameOf = (id: string) => plan.timelines.find((l) => l.technician.id === id)?.technician.name ?? id;
  const proposed = nameOf(proposal.technicianId);
  if (choice.planVersion === undefined || choice.planVersion === plan.version)
    return refuse('overrideReason', `say why ${chosen.name} rather than ${proposed}, whom the plan proposes`);
  const finish = finishIfAssigned(input, visitId, chosen.id);
  const promise = entry.job.promisedAt;
  const holds =
    finish !== null &&
    (promise === null || toEpochMs(finish) <= toEpochMs(promise) || toEpochMs(finish) <= toEpochMs(proposal.projectedFinishAt));
  if (holds) return { ok: true, plan, entry };
  return {
    ok: false,
    kind: 'plan_moved',
    message:
      `The workshop plan changed since your screen showed it, and ${chosen.name} would no longer finish this job ` +
      `by the promised time: it now proposes ${proposed}, finishing at ` +
      `${proposal.projectedFinishAt}. Assign ${proposed}, or ${chosen.name} again with a reason.`,
    plan,
    chosen: { id: chosen.id, name: chosen.name },
    proposal: { ...proposal, technicianName: proposed },
  };
}
