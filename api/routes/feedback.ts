import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { staffFeedback } from '../../db/care-schema.js';
import { feedbackTallyBetween } from '../../db/staff-feedback.js';
import {
  FeedbackDecision,
  FeedbackStage,
  FeedbackStatus,
  FeedbackTally,
  FeedbackView,
  NewFeedback,
} from '../../domain/feedback.js';
import { FEEDBACK_DECIDERS, FEEDBACK_SENDERS, readsAll } from '../../domain/roles.js';
import { actingStaff, requireReader, requireRole } from '../auth.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { DayRangeQuery, dayRange, dayZone, serializeDates } from '../queries/params.js';
import { dependency } from '../unavailable.js';

// Staff feedback [S6]: the one writer of `staff_feedback`. Any member of staff sends a suggestion about a step of the
// loop; the service manager lists them, accepts or declines each with a note, and reads how many came in per step.

/** The newest suggestions a list shows; a shop that gets more in a year reads them by status or step. */
const LIST_LIMIT = 500;

const FeedbackList = z.object({ items: z.array(FeedbackView) }).openapi('FeedbackList');

const FeedbackTallyBody = z
  .object({
    from: z.string(),
    to: z.string(),
    stages: z.array(FeedbackTally),
  })
  .openapi('FeedbackTally');

const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, description: 'The suggestion id' }) });

const view = (row: typeof staffFeedback.$inferSelect): FeedbackView => FeedbackView.parse(serializeDates(row));

export const feedbackRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/feedback',
      tags: ['feedback'],
      summary: 'Suggest an improvement to a step of the loop; the service manager decides on it',
      middleware: [requireRole(...FEEDBACK_SENDERS)],
      request: { body: jsonBody(NewFeedback, 'The step and the suggestion') },
      responses: {
        201: jsonResponse(FeedbackView, 'Received; open until the service manager decides'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        503: jsonResponse(ErrorBody, 'The database is unreachable; nothing was recorded'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const [row] = await dependency('database', () =>
        c.var.deps.database.db
          .insert(staffFeedback)
          .values({ id: randomUUID(), ...body, submittedBy: actingStaff(c).id, submittedAt: new Date(), status: 'open' })
          .returning(),
      );
      if (!row) throw new Error('the suggestion was not recorded');
      return c.json(view(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/feedback',
      tags: ['feedback'],
      summary:
        'Staff suggestions, newest first, with the decision and note on each: every one for the service manager, their own for anyone else',
      middleware: [requireReader('feedback')],
      request: {
        query: z.object({
          status: z
            .enum([...FeedbackStatus.options, 'all'])
            .default('all')
            .openapi({ description: 'Default: all' }),
          stage: FeedbackStage.optional().openapi({ description: 'Only the suggestions about this step' }),
        }),
      },
      responses: {
        200: jsonResponse(FeedbackList, `Up to ${LIST_LIMIT} suggestions`),
        400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const { status, stage } = c.req.valid('query');
      const reader = actingStaff(c);
      const where: SQL | undefined = and(
        // A sender reads the answer to their own suggestions; the others' are the manager's to read.
        readsAll(reader.role, 'feedback') ? undefined : eq(staffFeedback.submittedBy, reader.id),
        status === 'all' ? undefined : eq(staffFeedback.status, status),
        stage === undefined ? undefined : eq(staffFeedback.stage, stage),
      );
      const rows = await dependency('database', () =>
        c.var.deps.database.db
          .select()
          .from(staffFeedback)
          .where(where)
          .orderBy(desc(staffFeedback.submittedAt))
          .limit(LIST_LIMIT),
      );
      return c.json({ items: rows.map(view) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/feedback/tally',
      tags: ['feedback'],
      summary: 'How many suggestions came in about each step over a date range, and how many are open, accepted, declined',
      middleware: [requireReader('feedbackTally')],
      request: {
        query: DayRangeQuery,
      },
      responses: {
        200: jsonResponse(FeedbackTallyBody, 'One row per step someone wrote about, in the order of the loop'),
        400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const { start, end } = dayRange(q.from, q.to, dayZone(q.tz, c.var.settings));
      const stages = await dependency('database', () => feedbackTallyBetween(c.var.deps.database.db, start, end));
      return c.json({ from: start.toISOString(), to: end.toISOString(), stages }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/feedback/{id}/decision',
      tags: ['feedback'],
      summary: 'Accept or decline a suggestion, with a note saying why (and what will change)',
      middleware: [requireRole(...FEEDBACK_DECIDERS)],
      request: { params: IdParam, body: jsonBody(FeedbackDecision, 'The decision and its note') },
      responses: {
        200: jsonResponse(FeedbackView, 'Decided'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        404: jsonResponse(ErrorBody, 'No suggestion has this id'),
        409: jsonResponse(ErrorBody, 'The suggestion was already decided'),
        503: jsonResponse(ErrorBody, 'The database is unreachable; nothing was recorded'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { decision, note } = c.req.valid('json');
      const db = c.var.deps.database.db;
      // Only an open suggestion is decided: two managers deciding at once, the second is told, not overwritten.
      const [row] = await dependency('database', () =>
        db
          .update(staffFeedback)
          .set({ status: decision, note, decidedBy: actingStaff(c).id, decidedAt: new Date() })
          .where(and(eq(staffFeedback.id, id), eq(staffFeedback.status, 'open')))
          .returning(),
      );
      if (row) return c.json(view(row), 200);
      const [existing] = await dependency('database', () => db.select().from(staffFeedback).where(eq(staffFeedback.id, id)));
      if (!existing) throw new AppError('not_found', `No suggestion with id ${id}`);
      throw new AppError('conflict', `The suggestion was already ${existing.status}`);
    },
  );
