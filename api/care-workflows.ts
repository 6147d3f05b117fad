import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { dependencyFailure } from './unavailable.js';

/** The live state, or null when the workflow has finished or is unknown to Temporal (the row still answers). */
export async function liveState<R>(temporal: Client, id: string, query: QueryDefinition<R>): Promise<R | null> {
  try {
    return await temporal.workflow.getHandle(id).query(query);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw dependencyFailure('temporal', err);
  }
}
