import { continueAsNew, workflowInfo } from '@temporalio/workflow';
import { MS_PER_DAY } from '../domain/time-units.js';
import { nowIso, records } from './common.js';
import { deliverOrHandOver } from './message-delivery.js';
import { waitUntil } from './timers.js';

// Warranty-expiry notices [S2]: one long-lived sweep (workflow id `warranty-notices`, started by the worker) that
// once a day asks the vehicle file which warranties end within the notice period and tells each owner once. The
// day's timer is durable, so a sweep missed while the cluster was down runs when it is back; the message id names
// the vehicle and the day its warranty ends, so a corrected purchase date is noticed again and nothing else is.

export interface WarrantyNoticesInput {
  /** How long before the warranty ends the owner is told (default 30 days). */
  noticeDays?: number;
}

export const WARRANTY_NOTICES_WORKFLOW_ID = 'warranty-notices';
export const DEFAULT_WARRANTY_NOTICE_DAYS = 30;
/** Days swept per run: a month of daily sweeps keeps each run's history short. */
const DAYS_PER_RUN = 31;

export async function warrantyNotices(input: WarrantyNoticesInput = {}): Promise<never> {
  const noticeDays = input.noticeDays ?? DEFAULT_WARRANTY_NOTICE_DAYS;
  for (let day = 0; day < DAYS_PER_RUN && !workflowInfo().continueAsNewSuggested; day++) {
    const noticePrefix = `${WARRANTY_NOTICES_WORKFLOW_ID}:`;
    const due = await records.warrantyNoticesDue({ asOf: nowIso(), noticeDays, noticePrefix });
    for (const v of due)
      await deliverOrHandOver({
        id: `${noticePrefix}${v.vin}:${v.endsOn}`,
        audience: 'customer',
        to: v.customerId,
        template: 'warranty_expiring',
        payload: { plate: v.plate, endsOn: v.endsOn },
      });
    await waitUntil(() => false, Date.now() + MS_PER_DAY, 'next warranty sweep');
  }
  return continueAsNew<typeof warrantyNotices>(input);
}
