import { z } from '@hono/zod-openapi';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { readComplaint, readRescue } from '../db/care-view.js';
import type { ApiDeps } from './deps.js';
import { AppError } from './errors.js';
import { dependency, dependencyFailure } from './unavailable.js';

/** `?live=true` on a complaint's or rescue's GET: the manager's diagnosis, never a screen's read. */
export const LiveQuery = z.object({
  live: z
    .enum(['true', 'false'])
    .optional()
    .openapi({
      description:
        'true: ask the workflow for its live state, for diagnosis (manager, admin); it replays an evicted workflow ' +
        'and needs a worker. Default: the read model',
    }),
});

/**
 * The live state, for diagnosis only (`?live=true`): null when the workflow has finished or is unknown to
 * Temporal. Every other read of a complaint or rescue is one of the two below.
 */
export async function liveState<R>(temporal: Client, id: string, query: QueryDefinition<R>): Promise<R | null> {
  try {
    return await temporal.workflow.getHandle(id).query(query);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw dependencyFailure('temporal', err);
  }
}

/**
 * The complaint as PostgreSQL holds it (db/care-view.ts). After a step it holds that step, since the step's
 * update answers only once its save is written (read-your-writes).
 */
export async function complaintView(deps: ApiDeps, id: string) {
  const view = await dependency('database', () => readComplaint(deps.database.db, id));
  if (!view) throw new AppError('not_found', `No complaint with id ${id}`);
  return view;
}

/** The rescue as PostgreSQL holds it, after a step with that step (read-your-writes). */
export async function rescueView(deps: ApiDeps, id: string) {
  const view = await dependency('database', () => readRescue(deps.database.db, id));
  if (!view) throw new AppError('not_found', `No rescue with id ${id}`);
  return view;
}
