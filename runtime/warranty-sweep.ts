import { type Client, type ScheduleHandle, WorkflowNotFoundError } from '@temporalio/client';
import { warrantyNotices } from '../workflows/index.js';
import { WARRANTY_NOTICES_WORKFLOW_ID } from '../workflows/warranty-notices.js';
import { ensureSchedule, type ScheduleTiming } from './schedules.js';

export interface WarrantySweepOptions extends ScheduleTiming {
  scheduleId?: string;
}

/**
 * The daily warranty-expiry sweep [S2] on its Temporal Schedule, at a civil hour on the shop's clock. It replaces the
 * sweep that looped on a 24-hour timer under the fixed id `warranty-notices`: once the Schedule is in place that loop
 * is cancelled, between two days' sweeps, so no owner is told twice or by both (the message ids would drop a second
 * telling anyway).
 */
export async function ensureWarrantySweep(client: Client, opts: WarrantySweepOptions): Promise<ScheduleHandle> {
  const handle = await ensureSchedule(
    client,
    opts.scheduleId ?? WARRANTY_NOTICES_WORKFLOW_ID,
    { workflowType: warrantyNotices, args: [{}] },
    opts,
  );
  try {
    await client.workflow.getHandle(WARRANTY_NOTICES_WORKFLOW_ID).cancel();
  } catch (err) {
    // Nothing loops any more: a shop installed after the Schedule, or a start after the loop was cancelled.
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  return handle;
}
