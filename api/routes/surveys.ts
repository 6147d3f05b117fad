import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, gte, lt, lte, or, sql } from 'drizzle-orm';
import { customerSurveys } from '../../db/care-schema.js';
import type { Database } from '../../db/client.js';
import { customers, vehicles, visits } from '../../db/schema.js';
import { languageOf } from '../../domain/language.js';
import { CustomerSurvey, NewSurvey, type SurveyAnswer, SurveySummary } from '../../domain/survey.js';
import { LOW_RATING, SURVEY_QUESTIONS, type SurveyRatings, surveyAverages, surveyWindow } from '../../domain/survey-rules.js';
import { requireReader } from '../auth.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { DayRangeQuery, dayRange, dayZone } from '../queries/params.js';
import type { SurveyLink } from '../tokens.js';
import { dependency } from '../unavailable.js';

// The customer's satisfaction survey after pickup [S4, S6], and the one writer of `customer_surveys`. The customer
// opens it from the approval link they already hold (api/tokens.ts `verifySurveyLink`); it reads the visit from the
// read model (`visits.delivered_at`), never the workflow, which needs nothing from it: a survey blocks no step, and
// a low score reaches the manager on the KPI screen and the call list through GET /customer-surveys.
//
// One answer per visit: the visit is the table's key, so a second answer (the same customer on two phones, or the
// thank-you page reloaded) is refused in plain words and the first stands. Replacing an answer would let whoever
// holds a forwarded link overwrite the customer's own words after the manager has read them.

const LinkToken = z.object({
  token: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,2048}$/, 'expected the token of the link the service desk sent')
    .openapi({ param: { name: 'token', in: 'path' }, description: 'The token of the visit’s approval link' }),
});

/** The answers a summary lists at most: a shop with more low scores in one range has a bigger problem than a list. */
const LOW_LIMIT = 200;

const publicErrors = {
  401: jsonResponse(ErrorBody, 'The link is not valid (tampered with, or not a link of a visit)'),
  404: jsonResponse(ErrorBody, 'The visit of the link is not on record'),
  503: jsonResponse(ErrorBody, 'The database is unreachable; nothing was recorded'),
};

const linkOf = (link: SurveyLink | undefined) => {
  if (!link) throw new AppError('unauthenticated', 'The link is not valid');
  return link;
};

async function surveyOf(db: Database, visitId: string, timeZone: string, now = Date.now()): Promise<CustomerSurvey> {
  const [row] = await db
    .select({
      visitId: visits.id,
      deliveredAt: visits.deliveredAt,
      plate: visits.plate,
      model: vehicles.model,
      name: customers.name,
      language: customers.language,
      submittedAt: customerSurveys.submittedAt,
    })
    .from(visits)
    .innerJoin(customers, eq(customers.id, visits.customerId))
    .innerJoin(vehicles, eq(vehicles.vin, visits.vin))
    .leftJoin(customerSurveys, eq(customerSurveys.visitId, visits.id))
    .where(eq(visits.id, visitId));
  if (!row) throw new AppError('not_found', 'The visit of this link is not on record');
  const window = surveyWindow(row.deliveredAt?.getTime() ?? null, now, timeZone);
  return {
    visitId: row.visitId,
    status: row.submittedAt ? 'answered' : window.state,
    customer: { name: row.name },
    vehicle: { plate: row.plate, model: row.model },
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    closesAt: window.state === 'before_pickup' ? null : new Date(window.closesAt).toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    language: languageOf(row.language) ?? 'en',
  };
}

/** Why an answer cannot be taken now, in the customer's terms; the details carry the instants for the page to word. */
function refusal(survey: CustomerSurvey): AppError | undefined {
  switch (survey.status) {
    case 'before_pickup':
      return new AppError('conflict', 'The survey opens once the car is picked up', { status: survey.status });
    case 'answered':
      return new AppError('conflict', 'This visit’s survey was already answered; thank you', {
        status: survey.status,
        submittedAt: survey.submittedAt,
      });
    case 'closed':
      return new AppError('gone', 'The survey of this visit has closed', { status: survey.status, closesAt: survey.closesAt });
    case 'open':
      return undefined;
  }
}

export const surveyRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/surveys/{token}',
      tags: ['surveys'],
      summary: 'The satisfaction survey of the link’s visit: whose car, and whether it takes an answer now',
      description:
        'Any approval link of the visit opens it, also one past its expiry: the survey is open from pickup until the end ' +
        'of the 30th day after it on the shop’s clock, once per visit.',
      request: { params: LinkToken },
      responses: { 200: jsonResponse(CustomerSurvey, 'Where the survey stands'), ...publicErrors },
    }),
    async (c) => {
      const link = linkOf(c.var.surveyLink);
      const survey = await dependency('database', () =>
        surveyOf(c.var.deps.database.db, link.visitId, c.var.settings.shopTimeZone),
      );
      return c.json(survey, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/surveys/{token}',
      tags: ['surveys'],
      summary: 'The customer rates the visit: five questions of 1–5 stars and an optional comment, once per visit',
      request: { params: LinkToken, body: jsonBody(NewSurvey, 'The ratings and the comment') },
      responses: {
        201: jsonResponse(CustomerSurvey, 'Recorded; the survey as it now stands (answered)'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        409: jsonResponse(ErrorBody, 'The car is not picked up yet, or the survey was already answered'),
        410: jsonResponse(ErrorBody, 'The survey’s window has closed'),
        ...publicErrors,
      },
    }),
    async (c) => {
      const link = linkOf(c.var.surveyLink);
      const { comment, language, ...ratings } = c.req.valid('json');
      const db = c.var.deps.database.db;
      const tz = c.var.settings.shopTimeZone;
      const before = await dependency('database', () => surveyOf(db, link.visitId, tz));
      const refused = refusal(before);
      if (refused) throw refused;
      // The key decides between two answers sent at once: one row is written, the other told it was answered.
      const [row] = await dependency('database', () =>
        db
          .insert(customerSurveys)
          .values({
            visitId: link.visitId,
            ...ratings,
            comment: comment ?? null,
            language: language ?? before.language,
            linkId: link.jti,
            submittedAt: new Date(),
          })
          .onConflictDoNothing({ target: customerSurveys.visitId })
          .returning({ visitId: customerSurveys.visitId }),
      );
      const after = await dependency('database', () => surveyOf(db, link.visitId, tz));
      if (!row) throw refusal(after) ?? new AppError('conflict', 'This visit’s survey was already answered; thank you');
      return c.json(after, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/customer-surveys',
      tags: ['surveys'],
      summary: 'Customers’ survey answers over a date range: the average of each question and every low score',
      description:
        'Roles: advisor, manager, admin. A low score is 2 stars or fewer on any question; one on the visit overall is a ' +
        'complaint lead, which the call list shows for a call back.',
      middleware: [requireReader('customerSurveys')],
      request: {
        query: DayRangeQuery,
      },
      responses: {
        200: jsonResponse(SurveySummary, `The averages and up to ${LOW_LIMIT} low scores, newest first`),
        400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { start, end } = dayRange(q.from, q.to, dayZone(q.tz, c.var.settings));
      const db = c.var.deps.database.db;
      const inRange = and(gte(customerSurveys.submittedAt, start), lt(customerSurveys.submittedAt, end));
      const [all, low] = await dependency('database', () =>
        Promise.all([
          // The database adds up the range: a year of answers never travels to this process row by row.
          db
            .select({
              answered: sql<number>`count(*)::int`,
              lowOverall: sql<number>`(count(*) filter (where ${customerSurveys.overall} <= ${LOW_RATING}))::int`,
              ...Object.fromEntries(SURVEY_QUESTIONS.map((k) => [k, sql<number>`coalesce(sum(${customerSurveys[k]}), 0)::int`])),
            })
            .from(customerSurveys)
            .where(inRange),
          db
            .select({
              visitId: customerSurveys.visitId,
              overall: customerSurveys.overall,
              explanation: customerSurveys.explanation,
              onTime: customerSurveys.onTime,
              carReady: customerSurveys.carReady,
              recommend: customerSurveys.recommend,
              comment: customerSurveys.comment,
              submittedAt: customerSurveys.submittedAt,
              plate: visits.plate,
              customerName: customers.name,
            })
            .from(customerSurveys)
            .innerJoin(visits, eq(visits.id, customerSurveys.visitId))
            .innerJoin(customers, eq(customers.id, visits.customerId))
            .where(and(inRange, or(...SURVEY_QUESTIONS.map((k) => lte(customerSurveys[k], LOW_RATING)))))
            .orderBy(desc(customerSurveys.submittedAt))
            .limit(LOW_LIMIT),
        ]),
      );
      const totals = all[0] as Record<string, number> | undefined;
      const sums = Object.fromEntries(SURVEY_QUESTIONS.map((k) => [k, Number(totals?.[k] ?? 0)])) as SurveyRatings;
      const figures = surveyAverages({
        answered: Number(totals?.answered ?? 0),
        sums,
        lowOverall: Number(totals?.lowOverall ?? 0),
      });
      const lowAnswers: SurveyAnswer[] = low.map((r) => ({ ...r, submittedAt: r.submittedAt.toISOString() }));
      return c.json({ from: start.toISOString(), to: end.toISOString(), ...figures, low: lowAnswers }, 200);
    },
  );
