import { QueryNotRegisteredError, WorkflowNotFoundError } from '@temporalio/client';
import type { Context } from 'hono';
import { readVisit } from '../db/visit-view.js';
import type { ActionName } from '../domain/actions.js';
import { readsAll, type StaffRole } from '../domain/roles.js';
import type { VisitShown, VisitState } from '../domain/visit-state.js';
import { type ActionRequest, actionUpdates, stateQuery, type VisitAck } from '../workflows/messages.js';
import type { ApiDeps, ApiEnv } from './deps.js';
import { AppError } from './errors.js';
import { dependency } from './unavailable.js';
import { sendUpdate, workflowError } from './workflow-updates.js';

/** Sends one staff or customer action to the visit workflow; the answer is its acknowledgement, not the state. */
export const sendAction = <A extends ActionName>(
  c: Context<ApiEnv>,
  visitId: string,
  action: A,
  request: ActionRequest<A>,
): Promise<VisitAck> => sendUpdate(c, 'visit', visitId, actionUpdates[action], request);

/**
 * The visit as PostgreSQL holds it (db/visit-view.ts): what every screen and GET reads. After an action it is the
 * visit with that action's records, since the update returns only once they are written (read-your-writes).
 */
export async function visitState(deps: ApiDeps, visitId: string): Promise<VisitState> {
  const state = await dependency('database', () => readVisit(deps.database.db, visitId));
  if (!state) throw new AppError('not_found', `No visit with id ${visitId}`);
  return state;
}

/** The visit as the reader's role is shown it: the workshop's roles get the car and the job, not the customer's contact. */
export const shownTo = (role: StaffRole, state: VisitShown): VisitShown =>
  readsAll(role, 'visit') ? state : { ...state, customer: { id: state.customer.id, name: state.customer.name } };

/** Sends an action and answers with the visit as the database now holds it. */
export async function actOn<A extends ActionName>(
  c: Context<ApiEnv>,
  visitId: string,
  action: A,
  request: ActionRequest<A>,
): Promise<VisitState> {
  await sendAction(c, visitId, action, request);
  return visitState(c.var.deps, visitId);
}

/** The workflow's own state (`state` query): for diagnosis only (`GET /visits/{id}?live=true`), never a screen. */
export async function liveVisitState(deps: ApiDeps, visitId: string): Promise<VisitState> {
  try {
    return await deps.temporal.workflow.getHandle(visitId).query(stateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw new AppError(
        'not_found',
        `The workflow of visit ${visitId} is no longer in Temporal; read the visit without live=true`,
      );
    // The compact aftercare run (workflows/visit-aftercare.ts) holds only the reminder's plan, not the visit.
    if (err instanceof QueryNotRegisteredError)
      throw new AppError(
        'conflict',
        `Visit ${visitId} waits for its maintenance reminder in a run that keeps no state; read the visit without live=true`,
      );
    throw workflowError(err, 'visit', visitId);
  }
}
