import type { CampaignRecipient } from '../domain/campaigns.js';
import type { Translations } from '../domain/catalogue.js';
import { nowIso, records } from './common.js';
import { deliverOrHandOver } from './message-delivery.js';

// A recall or product campaign [S1.5, S2], started once by its import (workflow id `campaign-<code>`): every affected
// owner on file is told on their own channel and gets a call on the advisors' list to book the free repair. The
// ids of the message and the task derive from the campaign and the VIN, so a retried activity, or the workflow
// replayed, never sends a message twice.

export interface CampaignInput {
  code: string;
  description: string;
  translations: Translations;
  recipients: CampaignRecipient[];
}

export interface CampaignResult {
  sent: number;
  suppressed: number;
  handedOver: number;
}

/** Owners told at a time: the gateway sees a steady trickle rather than a burst of thousands of messages. */
const BATCH = 20;

export const campaignWorkflowId = (code: string) => `campaign-${code}`;

export async function campaign(input: CampaignInput): Promise<CampaignResult> {
  const result: CampaignResult = { sent: 0, suppressed: 0, handedOver: 0 };
  const tell = async (r: CampaignRecipient) => {
    const subject = `${campaignWorkflowId(input.code)}:${r.vin}`;
    await records.openTask({
      id: `${subject}:call`,
      kind: 'campaign_call',
      visitId: null,
      customerId: r.customerId,
      assigneeRole: 'advisor',
      title: `Recall ${input.code} on ${r.plate}: call the owner and book the free repair`,
      params: { campaign: input.code, plate: r.plate, vin: r.vin },
      dueAt: nowIso(),
      attempt: 1,
    });
    const outcome = await deliverOrHandOver({
      id: `${subject}:notice`,
      audience: 'customer',
      to: r.customerId,
      template: 'campaign_notice',
      payload: { campaign: input.code, plate: r.plate, description: input.description, translations: input.translations },
    });
    result[outcome === 'handed_over' ? 'handedOver' : outcome] += 1;
  };
  for (let i = 0; i < input.recipients.length; i += BATCH) await Promise.all(input.recipients.slice(i, i + BATCH).map(tell));
  return result;
}
