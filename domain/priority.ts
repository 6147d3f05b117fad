// Dispatch priority as plain code, so the visit workflow ranks its job without the schema library
// (the `PriorityReason` schema is in dispatch.ts).

// Seed [S1] step 5: campaigns/recalls > comebacks > appointments > warranty > customers waiting on
// site. A walk-in with none of those claims queues behind all of them.
export const PRIORITY_REASONS = ['recall', 'rework', 'appointment', 'warranty', 'waiting', 'walk_in'] as const;
export type PriorityReason = (typeof PRIORITY_REASONS)[number];

export const PRIORITY_ORDER: readonly PriorityReason[] = Object.freeze([...PRIORITY_REASONS]);

/** 0 is the most urgent. */
export function priorityRank(reason: PriorityReason): number {
  return PRIORITY_ORDER.indexOf(reason);
}

/** A job queues by the strongest claim it has: a recall line outranks the customer waiting, and so on. */
export function strongestPriority(claims: readonly (PriorityReason | false | undefined)[]): PriorityReason {
  let best: PriorityReason = 'walk_in';
  for (const claim of claims) if (claim && priorityRank(claim) < priorityRank(best)) best = claim;
  return best;
}
