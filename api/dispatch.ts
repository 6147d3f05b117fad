import { readWorkshop } from '../db/workshop-plan.js';
import type { ActionPayload, AssignChoice } from '../domain/actions.js';
import type { PlannedDispatch, WorkshopPlan } from '../domain/dispatch.js';
import { judgeAssignment } from '../domain/dispatch-assignment.js';
import type { VisitState } from '../domain/visit-state.js';
import type { ApiDeps } from './deps.js';
import { AppError, fieldRefusal } from './errors.js';
import { dependency } from './unavailable.js';
import { visitState } from './visit-workflow.js';

export interface VisitDispatch {
  plan: WorkshopPlan;
  entry: PlannedDispatch;
}

/** The workshop as it is now: the visit itself comes from the same read model, so its job is on it already. */
const readFor = (deps: ApiDeps, now: Date, timeZone: string) =>
  dependency('database', () => readWorkshop(deps.database.db, now, timeZone));

/**
 * The visit's place in the workshop plan computed now from the read model: the plan the board shows.
 */
export async function dispatchOf(
  deps: ApiDeps,
  state: VisitState,
  timeZone: string,
  now = new Date(),
): Promise<VisitDispatch | null> {
  if (state.stage !== 'awaiting_dispatch') return null;
  const { plan } = await readFor(deps, now, timeZone);
  const entry = plan.dispatch.find((d) => d.job.visitId === state.visitId);
  return entry ? { plan, entry } : null;
}

/**
 * Checks a dispatch choice against the plan of this moment by the one rule, domain/dispatch.ts `judgeAssignment`.
 * Returns the payload for the visit, with the plan it was checked against; a plan that moved against the choice
 * is a 409 carrying what the plan proposes now, so the screen shows it instead of a dead end.
 */
export async function checkedAssignment(
  deps: ApiDeps,
  visitId: string,
  choice: AssignChoice,
  /** The shop's, which its calendar is in. */
  timeZone: string,
): Promise<ActionPayload<'assign_technician'>> {
  const state = await visitState(deps, visitId);
  // Not waiting for dispatch: the visit itself answers (409 with its stage).
  if (state.stage !== 'awaiting_dispatch') return choice;
  const { input } = await readFor(deps, new Date(), timeZone);
  const verdict = judgeAssignment(input, visitId, choice);
  if (!verdict) return choice;
  if (verdict.ok) {
    const { plan, entry } = verdict;
    return { ...choice, plan: { version: plan.version, at: plan.at, proposal: entry.proposal } };
  }
  if (verdict.kind === 'refused') throw fieldRefusal('unprocessable', verdict.field, verdict.message);
  throw new AppError('conflict', verdict.message, {
    reason: 'plan_moved',
    planVersion: verdict.plan.version,
    chosen: verdict.chosen,
    proposal: verdict.proposal,
  });
}
