import { AppError } from './errors.js';

/**
 * A failure to reach Temporal or the database becomes 503 so the client knows to retry; what the caller
 * caused is already an AppError and passes through.
 */
export async function dependency<T>(what: 'database' | 'temporal', work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'unavailable',
      `${what === 'temporal' ? 'Temporal' : 'The database'} is unreachable and nothing was written; retry shortly`,
      {
        cause: err instanceof Error ? err.message : String(err),
      },
    );
  }
}
