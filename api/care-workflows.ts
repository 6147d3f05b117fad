import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure, type QueryDefinition, type UpdateDefinition } from '@temporalio/common';
import { REJECTION } from '../workflows/messages.js';
import { AppError } from './errors.js';
import { unavailable } from './unavailable.js';

const fieldOf = (message: string) => message.match(/^([\w.]+): /)?.[1];

/** Temporal's answers in the API's terms, for complaint and rescue workflows (as visit-workflow.ts for visits). */
export function careError(err: unknown, what: string, id: string): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof WorkflowNotFoundError) return new AppError('not_found', `No ${what} with id ${id}, or it has ended`);
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
    return err;
  }
  return unavailable('temporal', err);
}

export async function sendCareUpdate<R, Req>(
  temporal: Client,
  what: string,
  id: string,
  update: UpdateDefinition<R, [Req]>,
  request: Req,
): Promise<R> {
  try {
    return await temporal.workflow.getHandle(id).executeUpdate(update, { args: [request] });
  } catch (err) {
    throw careError(err, what, id);
  }
}

/** The live state, or null when the workflow has finished or is unknown to Temporal (the row still answers). */
export async function liveState<R>(temporal: Client, id: string, query: QueryDefinition<R>): Promise<R | null> {
  try {
    return await temporal.workflow.getHandle(id).query(query);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw unavailable('temporal', err);
  }
}
