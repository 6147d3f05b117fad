import { type PriorityReason, priorityRank } from './dispatch.js';

/** A job queues by the strongest claim it has: a recall line outranks the customer waiting, and so on. */
export function strongestPriority(claims: readonly (PriorityReason | false | undefined)[]): PriorityReason {
  let best: PriorityReason = 'walk_in';
  for (const claim of claims) if (claim && priorityRank(claim) < priorityRank(best)) best = claim;
  return best;
}
