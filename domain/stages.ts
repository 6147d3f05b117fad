import { z } from 'zod';

/** The stage names are a contract: the list filters, the API and the screens use them. */
export const Stage = z.enum([
  'booked',
  'reception',
  'diagnosis',
  'awaiting_approval',
  'awaiting_dispatch',
  'in_repair',
  'quality_check',
  'ready_for_pickup',
  'follow_up',
  'aftercare',
  'closed',
  'cancelled',
  'no_show',
]);
export type Stage = z.infer<typeof Stage>;

export const END_STAGES: readonly Stage[] = ['closed', 'cancelled', 'no_show'];
export const isEndStage = (stage: Stage) => END_STAGES.includes(stage);
