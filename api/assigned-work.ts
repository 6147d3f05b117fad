import { eq } from 'drizzle-orm';
import { technicians } from '../db/schema.js';
import type { ActionActor, ActionName } from '../domain/actions.js';
import { assigneeOf, assigneeRefusal, STEPS_TAKEN_FOR_TECHNICIAN, takenFor } from '../domain/assignment-rules.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';
import { dependency } from './unavailable.js';
import { visitState } from './visit-workflow.js';

const technicianName = async (deps: ApiDeps, id: string) => {
  const [row] = await dependency('database', () =>
    deps.database.db.select({ name: technicians.name }).from(technicians).where(eq(technicians.id, id)).limit(1),
  );
  return row?.name ?? id;
};

/**
 * A repair step held to whose job it is (domain/assignment-rules.ts) before the workflow hears of it, so the
 * refusal names the technician by name, which the workflow does not know; the workflow's validator holds it to
 * the same rule in case the job was reassigned in between. A step the foreman or manager records for the
 * assignee carries `forTechnician`, so its history says for whom.
 */
export async function forAssignee(deps: ApiDeps, visitId: string, step: ActionName, actor: ActionActor, payload: object) {
  const state = await visitState(deps, visitId);
  const assignee = assigneeOf(state);
  // Not in repair (or never dispatched): the visit itself answers, with its stage.
  if (state.stage !== 'in_repair' || assignee === undefined) return payload;
  const name = await technicianName(deps, assignee);
  const refused = assigneeRefusal(step, state, actor, undefined, () => name);
  if (refused) throw new AppError('conflict', refused, { reason: 'assigned_elsewhere', assignee: { id: assignee, name } });
  const forTechnician = (STEPS_TAKEN_FOR_TECHNICIAN as readonly ActionName[]).includes(step) ? takenFor(state, actor) : undefined;
  return forTechnician ? { ...payload, forTechnician } : payload;
}
