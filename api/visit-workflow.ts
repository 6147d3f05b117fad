import {
  WorkflowExecutionAlreadyStartedError,
  type WorkflowHandle,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ActionName } from '../domain/actions.js';
import { RECORD_REJECTED } from '../domain/incidents.js';
import type { VisitState } from '../domain/visit-state.js';
import { type ActionRequest, actionUpdates, REJECTION, stateQuery } from '../workflows/messages.js';
import { VisitStageKey } from '../workflows/search-attributes.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';
import { unavailable } from './unavailable.js';

/** Validators prefix their message with the offending field (`promisedAt: must be in the future`). */
const fieldOf = (message: string) => message.match(/^([\w.]+): /)?.[1];

/** Temporal's answers in the API's terms, for every workflow the API talks to; any other update failure is our bug. */
export function workflowError(err: unknown, what: string, id: string): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof WorkflowNotFoundError) return new AppError('not_found', `No ${what} with id ${id}`);
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new AppError('conflict', `The ${what} ${id} already exists`);
  if (err instanceof WorkflowUpdateFailedError) {
    const failure = err.cause;
    if (failure instanceof ApplicationFailure && failure.type === REJECTION.notNow)
      return new AppError('conflict', failure.message);
    if (failure instanceof ApplicationFailure && failure.type === REJECTION.invalid) {
      const field = fieldOf(failure.message);
      return new AppError(
        'unprocessable',
        failure.message,
        field ? { fields: [{ field, message: failure.message }] } : undefined,
      );
    }
    // Accepted and in the history, so never "nothing was written": what was not stored is now an incident.
    if (failure instanceof ApplicationFailure && failure.type === RECORD_REJECTED)
      return new AppError('unprocessable', failure.message, { accepted: true, ...(failure.details?.[0] ?? {}) });
    return err;
  }
  return unavailable('temporal', err);
}

const visitError = (err: unknown, visitId: string) => workflowError(err, 'visit', visitId);

/** Sends one staff or customer action to the visit workflow; the answer is the visit's new state. */
export async function sendAction<A extends ActionName>(
  deps: ApiDeps,
  visitId: string,
  action: A,
  request: ActionRequest<A>,
  /** Temporal's own de-duplication: the same id is the same update, even if our first answer was lost. */
  updateId?: string,
): Promise<VisitState> {
  const handle = deps.temporal.workflow.getHandle(visitId);
  try {
    return await handle.executeUpdate(actionUpdates[action], { args: [request], updateId });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw await endedOrUnknown(handle, visitId);
    throw visitError(err, visitId);
  }
}

/** Temporal answers "not found" to an update on a finished workflow too; the visit then exists but has ended. */
async function endedOrUnknown(handle: WorkflowHandle, visitId: string): Promise<unknown> {
  try {
    const description = await handle.describe();
    const stage = description.typedSearchAttributes.get(VisitStageKey) ?? description.status.name.toLowerCase();
    return new AppError('conflict', `The visit has ended (${stage}); it accepts no more actions`);
  } catch (err) {
    return visitError(err, visitId);
  }
}

export async function visitState(deps: ApiDeps, visitId: string): Promise<VisitState> {
  try {
    return await deps.temporal.workflow.getHandle(visitId).query(stateQuery);
  } catch (err) {
    throw visitError(err, visitId);
  }
}
