import {
  WorkflowExecutionAlreadyStartedError,
  type WorkflowHandle,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { Context } from 'hono';
import { DUPLICATE_WALK_IN } from '../db/walk-in-duplicates.js';
import { RECORD_REJECTED } from '../domain/incidents.js';
import { REJECTION } from '../workflows/messages.js';
import { VisitStageKey } from '../workflows/search-attributes.js';
import type { ApiEnv } from './deps.js';
import { AppError, fieldRefusal } from './errors.js';
import { IDEMPOTENCY_HEADER, updateIdOf } from './idempotency.js';
import { dependencyFailure, isOutage } from './unavailable.js';

/** Validators prefix their message with the offending field (`promisedAt: must be in the future`). */
const fieldOf = (message: string) => message.match(/^([\w.]+): /)?.[1];

/** Temporal's answers in the API's terms, for every workflow the API talks to; any other update failure is our bug. */
export function workflowError(err: unknown, what: string, id: string): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof WorkflowNotFoundError) return new AppError('not_found', `No ${what} with id ${id}`);
  if (err instanceof WorkflowExecutionAlreadyStartedError) return new AppError('conflict', `The ${what} ${id} already exists`);
  if (err instanceof WorkflowUpdateFailedError) {
    const failure = err.cause;
    if (failure instanceof ApplicationFailure && failure.type === REJECTION.notNow) {
      const field = fieldOf(failure.message);
      return field ? fieldRefusal('conflict', field, failure.message) : new AppError('conflict', failure.message);
    }
    if (failure instanceof ApplicationFailure && failure.type === REJECTION.invalid) {
      const field = fieldOf(failure.message);
      return field ? fieldRefusal('unprocessable', field, failure.message) : new AppError('unprocessable', failure.message);
    }
    // A tow-in whose walk-in found the car already open under the vehicle's lock (activities/rescues.ts).
    const refused = failure instanceof ActivityFailure ? failure.cause : undefined;
    if (refused instanceof ApplicationFailure && refused.type === DUPLICATE_WALK_IN)
      return new AppError('conflict', refused.message, refused.details?.[0]);
    // Accepted and in the history, so never "nothing was written": what was not stored is now an incident.
    if (failure instanceof ApplicationFailure && failure.type === RECORD_REJECTED)
      return new AppError('unprocessable', failure.message, { accepted: true, ...(failure.details?.[0] ?? {}) });
    return err;
  }
  return dependencyFailure('temporal', err);
}

/**
 * Sends one update (a visit action, a complaint or rescue step) and answers with its result. Every update
 * carries the request's update id (`updateIdOf`): a retry of the same request is the same update, which
 * Temporal applies once and answers again with the first outcome.
 */
export async function sendUpdate<R, Req>(
  c: Context<ApiEnv>,
  what: string,
  workflowId: string,
  update: UpdateDefinition<R, [Req]>,
  request: Req,
): Promise<R> {
  const handle = c.var.deps.temporal.workflow.getHandle(workflowId);
  try {
    return await handle.executeUpdate(update, { args: [request], updateId: updateIdOf(c) });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw await endedOrUnknown(handle, what, workflowId);
    // An update that timed out may already be in the history (its records waiting out an outage, say): the
    // answer must not claim that nothing was written. Its retry is safe: same update id, applied at most once.
    if (isOutage(err))
      throw new AppError(
        'unavailable',
        `Temporal did not confirm this ${what} action in time; it may already be recorded. Retry with the same ${IDEMPOTENCY_HEADER}: it is carried out at most once, and the retry answers with its outcome`,
        { outcome: 'unknown' },
      );
    throw workflowError(err, what, workflowId);
  }
}

/**
 * The outcome of this request's update if Temporal already has it: a retry whose first answer was lost finds
 * the state already changed (an approval decided) and must still get that first answer, not a refusal.
 */
export async function earlierOutcome<R>(c: Context<ApiEnv>, workflowId: string): Promise<R | null> {
  if (c.req.header(IDEMPOTENCY_HEADER) === undefined) return null;
  try {
    return await c.var.deps.temporal.workflow.getHandle(workflowId).getUpdateHandle<R>(updateIdOf(c)).result();
  } catch {
    // No update with this id (or it was refused): the request never took effect, so the caller's own check stands.
    return null;
  }
}

/** Temporal answers "not found" to an update on a finished workflow too; it then exists but has ended. */
async function endedOrUnknown(handle: WorkflowHandle, what: string, id: string): Promise<unknown> {
  try {
    const description = await handle.describe();
    const stage = description.typedSearchAttributes.get(VisitStageKey) ?? description.status.name.toLowerCase();
    return new AppError('conflict', `The ${what} has ended (${stage}); it accepts no more actions`);
  } catch (err) {
    return workflowError(err, what, id);
  }
}
