import { STAGES } from './stage-rules.js';
import { z } from './zod.js';

export { END_STAGES, IN_SHOP_STAGES, isAtOrPast, isEndStage, LOOP_STAGES, type LoopStage } from './stage-rules.js';

/** The stage names are a contract: the list filters, the API and the screens use them. */
export const Stage = z.enum(STAGES);
export type Stage = z.infer<typeof Stage>;
