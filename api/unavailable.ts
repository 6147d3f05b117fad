import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from './deps.js';
import { AppError } from './errors.js';

export const unavailable = (what: 'database' | 'temporal', err: unknown) =>
  new AppError(
    'unavailable',
    `${what === 'temporal' ? 'Temporal' : 'The database'} is unreachable and nothing was written; retry shortly`,
    { cause: err instanceof Error ? err.message : String(err) },
  );

/**
 * A failure to reach Temporal or the database becomes 503 so the client knows to retry; what the caller
 * caused is already an AppError and passes through.
 */
export async function dependency<T>(what: 'database' | 'temporal', work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw unavailable(what, err);
  }
}

/**
 * Every Temporal call a request makes shares one deadline, so an unreachable cluster answers 503 within
 * seconds instead of after the client's own retries give up.
 */
export const temporalDeadline: MiddlewareHandler<ApiEnv> = (c, next) =>
  c.var.deps.temporal.withDeadline(Date.now() + c.var.settings.temporalCallTimeoutMs, next);
