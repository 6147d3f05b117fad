import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

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
}

/**
 * The manager's daily loop [S6, S7], started by a Temporal Schedule: compare the KPIs with their targets
 * and raise alerts, then look for recurring comebacks and open problem records.
 */
export async function kpiReview(input: KpiReviewInput = {}): Promise<KpiReviewResult> {
  const asOf = new Date().toISOString();
  const alerts = await acts.reviewKpis({ asOf, windowDays: input.windowDays ?? 7 });
  const problems = await acts.detectRecurringComebacks({
    asOf,
    lookbackDays: input.lookbackDays ?? 90,
    vehicleThreshold: input.vehicleThreshold ?? 2,
    jobCodeThreshold: input.jobCodeThreshold ?? 3,
  });
  return { asOf, alerts, problems };
}
