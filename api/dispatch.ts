import { readWorkshop } from '../db/workshop-plan.js';
import type { ActionPayload, AssignChoice } from '../domain/actions.js';
import { type PlannedDispatch, type WorkshopPlan, waitingJobOf } from '../domain/dispatch.js';
import type { VisitState } from '../domain/visit-state.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';
import { dependency } from './unavailable.js';
import { visitState } from './visit-workflow.js';

export interface VisitDispatch {
  plan: WorkshopPlan;
  entry: PlannedDispatch;
}

/**
 * The visit's place in the workshop plan computed now from the read model: the plan the board shows. The visit's
 * own job is added from its state when the read model has not caught up with its move to dispatch yet.
 */
export async function dispatchOf(deps: ApiDeps, state: VisitState, now = new Date()): Promise<VisitDispatch | null> {
  if (state.stage !== 'awaiting_dispatch') return null;
  const { plan } = await dependency('database', () => readWorkshop(deps.database.db, now, waitingJobOf(state)));
  const entry = plan.dispatch.find((d) => d.job.visitId === state.visitId);
  return entry ? { plan, entry } : null;
}

const refuse = (field: string, message: string) => new AppError('unprocessable', message, { fields: [{ field, message }] });

/**
 * Checks a dispatch choice against the plan of this moment: the proposed technician, or any active technician
 * with the skill and a reason for the override. Returns the payload for the visit, with the plan it was
 * checked against.
 */
export async function checkedAssignment(
  deps: ApiDeps,
  visitId: string,
  choice: AssignChoice,
): Promise<ActionPayload<'assign_technician'>> {
  const state = await visitState(deps, visitId);
  const dispatch = await dispatchOf(deps, state);
  // Not waiting for dispatch: the visit itself answers (409 with its stage).
  if (!dispatch) return choice;
  const { plan, entry } = dispatch;
  const line = plan.timelines.find((l) => l.technician.id === choice.technicianId);
  if (!line)
    throw refuse(
      'technicianId',
      plan.timelines.length === 0
        ? 'technicianId: the workshop has no active technician yet; add one and the plan proposes them at once'
        : `technicianId: ${choice.technicianId} is not an active technician`,
    );
  if (line.technician.skillLevel < entry.job.requiredSkill)
    throw refuse(
      'technicianId',
      `technicianId: ${line.technician.name} has skill ${line.technician.skillLevel}; this job needs skill ${entry.job.requiredSkill}`,
    );
  const proposed = entry.proposal;
  if (proposed && proposed.technicianId !== choice.technicianId && !choice.overrideReason)
    throw refuse(
      'overrideReason',
      `overrideReason: required when assigning someone other than the plan's proposal, ${proposed.technicianId}`,
    );
  return { ...choice, plan: { version: plan.version, at: plan.at, proposal: proposed } };
}
