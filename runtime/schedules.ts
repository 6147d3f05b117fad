import {
  type Client,
  ScheduleAlreadyRunning,
  type ScheduleHandle,
  type ScheduleOptionsStartWorkflowAction,
  ScheduleOverlapPolicy,
} from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

/** When a daily job runs: a cron read on a clock (the shop's zone, so "six every morning" stays six across DST). */
export interface ScheduleTiming {
  taskQueue: string;
  /** Cron in `timeZone`, e.g. `0 6 * * *` for six every morning. */
  cron: string;
  timeZone: string;
}

/**
 * A job the worker keeps on a Temporal Schedule, created once and brought in line with the configuration on every
 * start (a changed hour takes effect without deleting anything). A run still going when the next is due is skipped
 * rather than stacked; one missed while the cluster was down runs within a day.
 */
export async function ensureSchedule<W extends Workflow>(
  client: Client,
  scheduleId: string,
  job: Pick<ScheduleOptionsStartWorkflowAction<W>, 'workflowType' | 'args'>,
  timing: ScheduleTiming,
): Promise<ScheduleHandle> {
  const spec = { cronExpressions: [timing.cron], timezone: timing.timeZone };
  // Each run's id is the schedule's followed by its time, so a run is found by the day it swept or reviewed.
  const action = {
    ...job,
    type: 'startWorkflow',
    workflowId: scheduleId,
    taskQueue: timing.taskQueue,
  } as ScheduleOptionsStartWorkflowAction<W>;
  try {
    return await client.schedule.create({
      scheduleId,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    const handle = client.schedule.getHandle(scheduleId);
    await handle.update((previous) => ({ ...previous, spec, action }));
    return handle;
  }
}
