import { Language } from './language.js';
import { HIGHEST_RATING, LOWEST_RATING, SURVEY_QUESTIONS, type SurveyQuestion } from './survey-rules.js';
import { multilineText } from './text.js';
import { z } from './zod.js';

// The schemas of the customer's satisfaction survey (the rules are domain/survey-rules.ts): what the API takes from
// the customer's link and what it answers the survey page and the manager's screens with.

/** A comment is a few sentences; more is a call to the hotline, not a form field. */
export const MAX_SURVEY_COMMENT = 2_000;

/** One sentence for every way a rating is wrong: a string, a fraction or out of range all need the same fix. */
const WHOLE_STARS = { error: `must be a whole number of stars from ${LOWEST_RATING} to ${HIGHEST_RATING}` };

const rating = (what: string) =>
  z
    .number(WHOLE_STARS)
    .int(WHOLE_STARS)
    .min(LOWEST_RATING, WHOLE_STARS)
    .max(HIGHEST_RATING, WHOLE_STARS)
    .openapi({ description: `${what}: ${LOWEST_RATING} (poor) to ${HIGHEST_RATING} (excellent)` });

const QUESTION_WORDS: Record<SurveyQuestion, string> = {
  overall: 'The visit overall',
  explanation: 'How the work and its price were explained',
  onTime: 'The car was ready when promised',
  carReady: 'The car came back clean and ready to drive',
  recommend: 'Would recommend the shop to a friend',
};

export const SurveyRatings = z
  .object(
    Object.fromEntries(SURVEY_QUESTIONS.map((q) => [q, rating(QUESTION_WORDS[q])])) as Record<
      SurveyQuestion,
      ReturnType<typeof rating>
    >,
  )
  .openapi('SurveyRatings');

export const NewSurvey = SurveyRatings.extend({
  comment: multilineText(MAX_SURVEY_COMMENT).optional().openapi({ description: 'Anything else, in the customer’s words' }),
  language: Language.optional().openapi({ description: 'The language the page was answered in (default: the customer’s)' }),
})
  .strict()
  .openapi('NewSurvey');
export type NewSurvey = z.infer<typeof NewSurvey>;

export const SurveyStatus = z.enum(['before_pickup', 'open', 'answered', 'closed']);
export type SurveyStatus = z.infer<typeof SurveyStatus>;

/** What the customer's survey page shows: no staff, no prices, only whose car and where the survey stands. */
export const CustomerSurvey = z
  .object({
    visitId: z.string(),
    status: SurveyStatus.openapi({
      description:
        'before_pickup: not yet open; open: waiting for the answer; answered: done (once per visit); closed: the window passed',
    }),
    customer: z.object({ name: z.string() }),
    vehicle: z.object({ plate: z.string(), model: z.string() }),
    deliveredAt: z.string().nullable(),
    closesAt: z.string().nullable().openapi({ description: 'When the survey stops taking an answer (shop’s clock)' }),
    submittedAt: z.string().nullable(),
    language: Language.openapi({ description: 'The customer’s language, from their file' }),
  })
  .openapi('CustomerSurvey');
export type CustomerSurvey = z.infer<typeof CustomerSurvey>;

/** One answer as the manager reads it. */
export const SurveyAnswer = SurveyRatings.extend({
  visitId: z.string(),
  plate: z.string(),
  customerName: z.string(),
  comment: z.string().nullable(),
  submittedAt: z.string(),
}).openapi('SurveyAnswer');
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

export const SurveySummary = z
  .object({
    from: z.string(),
    to: z.string(),
    answered: z.number().int(),
    averages: z.object(
      Object.fromEntries(SURVEY_QUESTIONS.map((q) => [q, z.number().nullable()])) as Record<
        SurveyQuestion,
        z.ZodNullable<z.ZodNumber>
      >,
    ),
    lowOverall: z.number().int().openapi({ description: 'Answers rating the visit overall 2 stars or fewer' }),
    low: z.array(SurveyAnswer).openapi({ description: 'Every answer with a rating of 2 stars or fewer, newest first' }),
  })
  .openapi('SurveySummary');
export type SurveySummary = z.infer<typeof SurveySummary>;
