import type { Client } from '@temporalio/client';
import { warrantyNotices } from '../workflows/index.js';
import { WARRANTY_NOTICES_WORKFLOW_ID } from '../workflows/warranty-notices.js';

/**
 * Starts the daily warranty-expiry sweep unless it runs already: one per namespace, by its fixed workflow id, so
 * every worker start may call this and the sweep keeps its own day.
 */
export async function ensureWarrantySweep(client: Client, taskQueue: string): Promise<void> {
  await client.workflow.start(warrantyNotices, {
    workflowId: WARRANTY_NOTICES_WORKFLOW_ID,
    taskQueue,
    args: [{}],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
