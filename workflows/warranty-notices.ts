import { continueAsNew, patched, workflowInfo } from '@temporalio/workflow';
import { MS_PER_DAY } from '../domain/time-units.js';
import { nowIso, records } from './common.js';
import { deliverOrHandOver } from './message-delivery.js';
import { waitUntil } from './timers.js';

// Warranty-expiry notices [S2]: once a day the vehicle file is asked which warranties end within the notice period,
// and each owner is told once. The message id names the vehicle and the day its warranty ends, so a corrected purchase
// date is noticed again and nothing else is, whichever run sweeps.
//
// Each run is one day's sweep, started by a Temporal Schedule at a set hour on the shop's clock
// (runtime/warranty-sweep.ts): a customer is texted at ten in the morning, not at whatever hour the worker was first
// installed, and a day of 23 or 25 hours moves no sweep. Before, one workflow swept and slept 24 hours in a loop; a
// run of that loop replays as it ran, and the run it continues as sweeps once and ends.

export interface WarrantyNoticesInput {
  /** How long before the warranty ends the owner is told (default 30 days). */
  noticeDays?: number;
}

export const WARRANTY_NOTICES_WORKFLOW_ID = 'warranty-notices';
export const DEFAULT_WARRANTY_NOTICE_DAYS = 30;
/** Patch id: one sweep per run, the Schedule keeping the days; a run started before it loops on a 24-hour timer. */
export const ONE_SWEEP_PER_RUN_PATCH = 'warranty-one-sweep-per-run';
/** Days the loop of a run started before the Schedule swept, so that each of its runs' history stays short. */
const DAYS_PER_RUN = 31;

async function sweep(noticeDays: number): Promise<number> {
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
  return due.length;
}

/** One day's sweep: answers how many owners it told. */
export async function warrantyNotices(input: WarrantyNoticesInput = {}): Promise<number> {
  const noticeDays = input.noticeDays ?? DEFAULT_WARRANTY_NOTICE_DAYS;
  if (patched(ONE_SWEEP_PER_RUN_PATCH)) return sweep(noticeDays);
  for (let day = 0; day < DAYS_PER_RUN && !workflowInfo().continueAsNewSuggested; day++) {
    await sweep(noticeDays);
    await waitUntil(() => false, Date.now() + MS_PER_DAY, 'next warranty sweep');
  }
  return continueAsNew<typeof warrantyNotices>(input);
}
