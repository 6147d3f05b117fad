import { type Client, ScheduleAlreadyRunning, type ScheduleHandle, ScheduleOverlapPolicy } from '@temporalio/client';
import { kpiReview } from '../workflows/index.js';
import type { KpiReviewInput } from '../workflows/kpi-review.js';

export const KPI_REVIEW_SCHEDULE_ID = 'kpi-review-daily';

export interface KpiReviewScheduleOptions {
  taskQueue: string;
  /** Cron in `timeZone`, e.g. `0 6 * * *` for six every morning. */
  cron: string;
  timeZone: string;
  scheduleId?: string;
  input?: KpiReviewInput;
}

/**
 * The daily KPI review as a Temporal Schedule, created once and brought in line with the configuration on
 * every start (a changed hour takes effect without deleting anything). A review still running when the
 * next is due is skipped rather than stacked; one missed while the cluster was down runs within a day.
 */
export async function ensureKpiReviewSchedule(client: Client, opts: KpiReviewScheduleOptions): Promise<ScheduleHandle> {
  const scheduleId = opts.scheduleId ?? KPI_REVIEW_SCHEDULE_ID;
  const spec = { cronExpressions: [opts.cron], timezone: opts.timeZone };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: kpiReview,
    workflowId: scheduleId,
    taskQueue: opts.taskQueue,
    args: [opts.input ?? {}] as [KpiReviewInput],
  };
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
