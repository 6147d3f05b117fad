import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { MiddlewareHandler } from 'hono';
import { classifyDatabaseError } from '../db/errors.js';
import type { ApiEnv } from './deps.js';
import { AppError } from './errors.js';

// Only an outage answers 503 ("retry shortly"). Anything else a dependency refuses is our fault (what the client
// sent is judged before it reaches a dependency) and answers 500 with the request id; the failed query, its
// parameters and the stack go to the log, never into a response.

/** gRPC: the server cannot be reached, or did not answer within the request's deadline. */
const GRPC_OUTAGE = new Set([14 /* UNAVAILABLE */, 4 /* DEADLINE_EXCEEDED */]);

/** grpc-js refuses calls on a closed channel with a plain Error: the API is shutting down, and another answers. */
const CLOSED_CHANNEL = /^Channel has been shut down$/;

/**
 * Whether the failure is the dependency being unreachable rather than what was asked of it (wrapped errors
 * included). Temporal speaks gRPC; socket and database failures are judged by the one database rule.
 */
export function isOutage(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (isGrpcServiceError(e)) return GRPC_OUTAGE.has(e.code);
    if (CLOSED_CHANNEL.test(e.message)) return true;
  }
  return classifyDatabaseError(err).kind === 'outage';
}

export const unavailable = (what: 'database' | 'temporal') =>
  new AppError(
    'unavailable',
    `${what === 'temporal' ? 'Temporal' : 'The database'} is unreachable and nothing was written; retry shortly`,
  );

/** A dependency's failure in the API's terms: 503 for an outage; anything else passes on and answers 500. */
export const dependencyFailure = (what: 'database' | 'temporal', err: unknown): unknown =>
  err instanceof AppError || !isOutage(err) ? err : unavailable(what);

/** Runs a call to Temporal or the database; its failure becomes `dependencyFailure`. */
export async function dependency<T>(what: 'database' | 'temporal', work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw dependencyFailure(what, err);
  }
}

/**
 * Every Temporal call a request makes shares one deadline, so an unreachable cluster answers 503 within
 * seconds instead of after the client's own retries give up.
 */
export const temporalDeadline: MiddlewareHandler<ApiEnv> = (c, next) =>
  c.var.deps.temporal.withDeadline(Date.now() + c.var.settings.temporalCallTimeoutMs, next);
