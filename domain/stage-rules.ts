// The stage rules a visit workflow runs, free of any schema library: workflow code evaluates each module it
// imports once per cached workflow, so only plain code belongs here (the `Stage` schema is in stages.ts).

/** The stage names are a contract: the list filters, the API and the screens use them. */
export const STAGES = [
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
] as const;
export type Stage = (typeof STAGES)[number];

const ENDS = ['closed', 'cancelled', 'no_show'] as const satisfies readonly Stage[];
export const END_STAGES: readonly Stage[] = ENDS;

/** The steps of the loop [S1], booking to aftercare, in order: every stage but the ends. */
export type LoopStage = Exclude<Stage, (typeof ENDS)[number]>;
export const LOOP_STAGES = STAGES.filter((stage): stage is LoopStage => !END_STAGES.includes(stage));
export const isEndStage = (stage: Stage) => END_STAGES.includes(stage);

/** The order a visit moves through: the stages as listed, less the two ends that cut it short. */
const FLOW: readonly Stage[] = STAGES.filter((stage) => stage !== 'cancelled' && stage !== 'no_show');

/** True when `stage` is `target` or later in the flow (additional work loops back, so this is about now). */
export const isAtOrPast = (stage: Stage, target: Stage) => FLOW.indexOf(stage) >= FLOW.indexOf(target) && FLOW.includes(stage);

/** The car is at the shop: received and not yet handed back. */
export const IN_SHOP_STAGES: readonly Stage[] = FLOW.slice(FLOW.indexOf('reception'), FLOW.indexOf('ready_for_pickup') + 1);
