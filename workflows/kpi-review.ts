import { patched, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { FeedbackTally } from '../domain/feedback.js';

const acts = proxyActivities<Activities>({
  // A year of a busy shop's records is read in seconds; two minutes leave room for a slow database.
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 10 },
});

export interface KpiReviewInput {
  /** The trailing window the shop's KPIs are judged over (default 7 days: one day is too few cars). */
  windowDays?: number;
  /** How far back comebacks are grouped into problems (default 90 days). */
  lookbackDays?: number;
  /** Comebacks of one vehicle that make a problem (default 2). */
  vehicleThreshold?: number;
  /** Comebacks on one job code that make a problem (default 3). */
  jobCodeThreshold?: number;
}

export interface KpiReviewResult {
  asOf: string;
  alerts: string[];
  problems: string[];
  /** Staff suggestions sent over the window, per step of the loop, and what was decided on them [S6]. */
  feedback: FeedbackTally[];
}

/** Patch id: the review counts the staff's suggestions per step; a review started before it asked nothing more. */
export const REVIEW_COUNTS_FEEDBACK_PATCH = 'kpi-review-counts-feedback';

/**
 * The manager's daily loop [S6, S7], started by a Temporal Schedule: compare the KPIs with their targets
 * and raise alerts, look for recurring comebacks and open problem records, then count the staff's suggestions per
 * step and what became of them, so a change made in a step is read next to that step's figures.
 */
export async function kpiReview(input: KpiReviewInput = {}): Promise<KpiReviewResult> {
  const asOf = new Date().toISOString();
  const windowDays = input.windowDays ?? 7;
  const alerts = await acts.reviewKpis({ asOf, windowDays });
  const problems = await acts.detectRecurringComebacks({
    asOf,
    lookbackDays: input.lookbackDays ?? 90,
    vehicleThreshold: input.vehicleThreshold ?? 2,
    jobCodeThreshold: input.jobCodeThreshold ?? 3,
  });
  const feedback = patched(REVIEW_COUNTS_FEEDBACK_PATCH) ? await acts.tallyStaffFeedback({ asOf, windowDays }) : [];
  return { asOf, alerts, problems, feedback };
}
