import type { Client, ScheduleHandle } from '@temporalio/client';
import { kpiReview } from '../workflows/index.js';
import type { KpiReviewInput } from '../workflows/kpi-review.js';
import { ensureSchedule, type ScheduleTiming } from './schedules.js';

export const KPI_REVIEW_SCHEDULE_ID = 'kpi-review-daily';

export interface KpiReviewScheduleOptions extends ScheduleTiming {
  scheduleId?: string;
  input?: KpiReviewInput;
}

/** The daily KPI review [S6, S7] on its Temporal Schedule. */
export const ensureKpiReviewSchedule = (client: Client, opts: KpiReviewScheduleOptions): Promise<ScheduleHandle> =>
  ensureSchedule(client, opts.scheduleId ?? KPI_REVIEW_SCHEDULE_ID, { workflowType: kpiReview, args: [opts.input ?? {}] }, opts);
