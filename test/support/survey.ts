import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { visits } from '../../db/schema.js';
import type { TestStack } from './stack.js';
import {
  act,
  estimateLines,
  type OpenOptions,
  outboxOf,
  receiveAndEstimate,
  repairAndDeliver,
  signature,
  walkIn,
} from './visits.js';

// A visit picked up, with the link its customer holds: where the satisfaction survey starts (api/routes/surveys.ts).

/** The link in the estimate's message: what the customer holds. */
export async function estimateLink(stack: TestStack, visitId: string): Promise<string> {
  let url = '';
  await expect
    .poll(async () => {
      const sent = (await outboxOf(stack, visitId)).find((m) => m.template === 'estimate_ready');
      url = String((sent?.payload as { approvalUrl?: string } | undefined)?.approvalUrl ?? '');
      return url;
    })
    .not.toBe('');
  return url;
}

export const visitRowOf = async (stack: TestStack, visitId: string) =>
  (await stack.database.db.select().from(visits).where(eq(visits.id, visitId)))[0];

/** A walk-in estimated, approved, repaired and picked up (the read model says so), with its customer's link. */
export async function pickedUp(
  stack: TestStack,
  opts: OpenOptions = {},
): Promise<{ visitId: string; link: string; token: string }> {
  const visitId = await walkIn(stack, opts);
  const estimated = await receiveAndEstimate(stack, visitId, estimateLines.slice(0, 1));
  const link = await estimateLink(stack, visitId);
  await act(stack, visitId, 'decide', {
    decisions: estimated.lines.map((l) => ({ lineId: l.id, approved: true })),
    consent: { method: 'signature', signature: signature('Customer') },
  });
  await repairAndDeliver(stack, visitId);
  await expect.poll(async () => (await visitRowOf(stack, visitId))?.deliveredAt ?? null).not.toBeNull();
  return { visitId, link, token: new URL(link).searchParams.get('token') ?? '' };
}
