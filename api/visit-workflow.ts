import type { Context } from 'hono';
import type { ActionName } from '../domain/actions.js';
import type { VisitState } from '../domain/visit-state.js';
import { type ActionRequest, actionUpdates, stateQuery } from '../workflows/messages.js';
import type { ApiDeps, ApiEnv } from './deps.js';
import { sendUpdate, workflowError } from './workflow-updates.js';

/** Sends one staff or customer action to the visit workflow; the answer is the visit's new state. */
export const sendAction = <A extends ActionName>(
  c: Context<ApiEnv>,
  visitId: string,
  action: A,
  request: ActionRequest<A>,
): Promise<VisitState> => sendUpdate(c, 'visit', visitId, actionUpdates[action], request);

export async function visitState(deps: ApiDeps, visitId: string): Promise<VisitState> {
  try {
    return await deps.temporal.workflow.getHandle(visitId).query(stateQuery);
  } catch (err) {
    throw workflowError(err, 'visit', visitId);
  }
}
