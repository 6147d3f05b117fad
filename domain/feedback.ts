import { Language } from './language.js';
import { LOOP_STAGES, type LoopStage } from './stages.js';
import { multilineText } from './text.js';
import { z } from './zod.js';

// Staff feedback [S6 "collect staff and customer feedback; improve, then re-evaluate"]: any member of staff suggests
// an improvement to a step of the loop, in their language; the service manager accepts or declines each with a note,
// and the KPI review counts what came in per step and what was decided. The table is db/care-schema.ts
// (`staff_feedback`); its one writer is api/routes/feedback.ts.

export const FEEDBACK_STATUSES = ['open', 'accepted', 'declined'] as const;
export const FeedbackStatus = z.enum(FEEDBACK_STATUSES);
export type FeedbackStatus = z.infer<typeof FeedbackStatus>;

/** The step a suggestion is about: one of the ten steps of the loop, booking to aftercare (not an end). */
export const FeedbackStage = z.enum(LOOP_STAGES as [LoopStage, ...LoopStage[]]);

/** A suggestion is a few sentences; a longer one is a meeting, not a form. */
export const MAX_SUGGESTION = 2_000;
export const MAX_DECISION_NOTE = 2_000;

export const NewFeedback = z
  .object({
    stage: FeedbackStage.openapi({ description: 'The step of the loop the suggestion is about' }),
    suggestion: multilineText(MAX_SUGGESTION).openapi({ description: 'What could be done better, in the sender’s words' }),
    language: Language.openapi({ description: 'The language the suggestion is written in' }),
  })
  .strict()
  .openapi('NewFeedback');
export type NewFeedback = z.infer<typeof NewFeedback>;

export const FeedbackDecision = z
  .object({
    decision: z.enum(['accepted', 'declined']).openapi({ description: 'Taken up, or not' }),
    note: multilineText(MAX_DECISION_NOTE).openapi({
      description: 'Why, and for an accepted one what will change: the sender reads it, the next review re-evaluates it',
    }),
  })
  .strict()
  .openapi('FeedbackDecision');
export type FeedbackDecision = z.infer<typeof FeedbackDecision>;

export const FeedbackView = z
  .object({
    id: z.string(),
    stage: FeedbackStage,
    suggestion: z.string(),
    language: Language,
    submittedBy: z.string().openapi({ description: 'The staff id of the sender' }),
    submittedAt: z.string(),
    status: FeedbackStatus,
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    note: z.string().nullable().openapi({ description: 'The manager’s note with the decision' }),
  })
  .openapi('Feedback');
export type FeedbackView = z.infer<typeof FeedbackView>;

/** How many suggestions about one step came in over a range, and where each stands now. */
export const FeedbackTally = z
  .object({
    stage: FeedbackStage,
    received: z.number().int(),
    open: z.number().int(),
    accepted: z.number().int(),
    declined: z.number().int(),
  })
  .openapi('FeedbackTallyRow');
export type FeedbackTally = z.infer<typeof FeedbackTally>;

/**
 * Suggestions counted per step of the loop, in the loop's order, from how many there are of each step and status
 * (`n`); a step nobody wrote about is left out.
 */
export function tallyFeedback(groups: readonly { stage: string; status: string; n: number }[]): FeedbackTally[] {
  return LOOP_STAGES.flatMap((stage) => {
    const about = groups.filter((g) => g.stage === stage);
    const count = (status: FeedbackStatus) => about.reduce((sum, g) => sum + (g.status === status ? g.n : 0), 0);
    const received = about.reduce((sum, g) => sum + g.n, 0);
    if (received === 0) return [];
    return [{ stage, received, open: count('open'), accepted: count('accepted'), declined: count('declined') }];
  });
}
