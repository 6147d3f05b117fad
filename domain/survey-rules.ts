import { addDays, localDate, startOfLocalDay } from './local-time.js';

// The customer's satisfaction survey [S4 care, S6 customer feedback]: five questions a service shop asks after
// pickup, each 1–5 stars. Plain rules (no zod) so the API, the screens and the KPI figure read the same ones; the
// schema of an answer is domain/survey.ts, the table db/care-schema.ts (`customer_surveys`), its one writer
// api/routes/surveys.ts.

export const SURVEY_QUESTIONS = ['overall', 'explanation', 'onTime', 'carReady', 'recommend'] as const;
export type SurveyQuestion = (typeof SURVEY_QUESTIONS)[number];

export const LOWEST_RATING = 1;
export const HIGHEST_RATING = 5;
/** A rating at or below this is a low score: listed for the manager; an overall one is a complaint lead [S4]. */
export const LOW_RATING = 2;

/**
 * How many calendar days after the day of pickup the survey stays open, on the shop's clock. A month covers the
 * first weeks of driving the car; an answer later than that is about something else and goes to the hotline.
 */
export const SURVEY_WINDOW_DAYS = 30;

export type SurveyWindow =
  | { state: 'before_pickup' }
  | { state: 'open'; closesAt: number }
  | { state: 'closed'; closesAt: number };

/**
 * Where the survey of a visit picked up at `deliveredAt` (null: not yet) stands at `now`: open from pickup to the
 * end of the SURVEY_WINDOW_DAYS-th day after the day of pickup in the shop's zone (a car picked up at 18:00 on
 * 1 March is rated until midnight ending 31 March, whatever the clocks did in between).
 */
export function surveyWindow(deliveredAt: number | null, now: number, timeZone: string): SurveyWindow {
  if (deliveredAt === null || now < deliveredAt) return { state: 'before_pickup' };
  const closesAt = startOfLocalDay(addDays(localDate(deliveredAt, timeZone), SURVEY_WINDOW_DAYS + 1), timeZone);
  return now < closesAt ? { state: 'open', closesAt } : { state: 'closed', closesAt };
}

export type SurveyRatings = Record<SurveyQuestion, number>;

/** What the database adds up over a range: how many answered, each question's sum of stars, how many rated low overall. */
export interface SurveyTotals {
  answered: number;
  sums: Record<SurveyQuestion, number>;
  /** How many answers rated the visit overall at LOW_RATING or below. */
  lowOverall: number;
}

export interface SurveyAverages {
  answered: number;
  /** Per question, rounded to one decimal; null when nobody answered in the range. */
  averages: Record<SurveyQuestion, number | null>;
  lowOverall: number;
}

/** The mean of each question, one decimal: 4.25 stars read as 4.3, the way a dashboard shows them. */
export function surveyAverages({ answered, sums, lowOverall }: SurveyTotals): SurveyAverages {
  const averages = Object.fromEntries(
    SURVEY_QUESTIONS.map((q) => [q, answered === 0 ? null : Math.round((sums[q] / answered) * 10) / 10]),
  ) as Record<SurveyQuestion, number | null>;
  return { answered, averages, lowOverall };
}

/** A rating at LOW_RATING or below on any question: the manager reads that answer. */
export const hasLowScore = (ratings: SurveyRatings) => SURVEY_QUESTIONS.some((q) => ratings[q] <= LOW_RATING);
