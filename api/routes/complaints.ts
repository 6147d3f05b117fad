import { createRoute, z } from '@hono/zod-openapi';
import { COMPLAINT_ACTIONS, type ComplaintActionName, ComplaintStage } from '../../domain/complaints.js';
import { COMPLAINT_ROLES, holdsRole, TIMELINE_READERS } from '../../domain/roles.js';
import { complaintRecordedUpdate, complaintStateQuery, complaintUpdates } from '../../workflows/care-messages.js';
import { addActionRoutes } from '../action-routes.js';
import { actingStaff, requireRole, staffActor } from '../auth.js';
import { complaintView, LiveQuery, liveState } from '../care-workflows.js';
import { AppError, ErrorBody } from '../errors.js';
import { NewComplaint, openComplaint } from '../open-complaint.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { ComplaintList, listComplaints } from '../queries/complaints.js';
import { Cursor, dayRange, Limit, LocalDate, serializeDates, TimeZone } from '../queries/params.js';
import { dependency } from '../unavailable.js';
import { sendUpdate } from '../workflow-updates.js';

const ComplaintId = z.object({
  id: z
    .string()
    .regex(/^complaint-[A-Za-z0-9-]{1,100}$/, 'expected a complaint id such as complaint-…')
    .openapi({ param: { name: 'id', in: 'path' }, description: 'The complaint id (also its workflow id)' }),
});
const ComplaintStateBody = z.record(z.string(), z.unknown()).openapi('ComplaintState', {
  description:
    "The complaint as the database holds it, in the shape of its workflow's state: stage, deadlines, escalations, " +
    'solution, outcome, timeline',
});

const ComplaintListQuery = z.object({
  status: z.enum(['open', 'closed', 'all']).default('open').openapi({ description: 'Default: open (not closed)' }),
  stage: ComplaintStage.optional(),
  from: LocalDate.optional().meta({ description: 'Received on or after this day (in `tz`)' }),
  to: LocalDate.optional().meta({ description: 'Received on or before this day (in `tz`)' }),
  tz: TimeZone,
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: 'Only complaints past a deadline with the step not done' }),
  limit: Limit,
  cursor: Cursor,
});

export const complaintRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/complaints',
      tags: ['complaints'],
      summary: 'Complaints, newest first, with their SLA deadlines and whether they are overdue',
      middleware: [requireRole(...COMPLAINT_ROLES)],
      request: { query: ComplaintListQuery },
      responses: {
        200: jsonResponse(ComplaintList, 'A page of complaints'),
        400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const received = dayRange(q.from, q.to, q.tz);
      const list = await dependency('database', () =>
        listComplaints(c.var.deps.database.db, {
          status: q.status === 'all' ? undefined : q.status,
          stage: q.stage,
          from: received.start,
          to: received.end,
          overdue: q.overdue,
          limit: q.limit,
          cursor: q.cursor,
        }),
      );
      return c.json(list, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/complaints',
      tags: ['complaints'],
      summary: 'Record a complaint (from the call list, the counter or a letter); its SLA clocks start now',
      middleware: [requireRole(...COMPLAINT_ROLES)],
      request: { body: jsonBody(NewComplaint, 'What the customer complains about, and the visit or customer') },
      responses: {
        201: jsonResponse(
          z.object({ complaintId: z.string(), receivedAt: z.string() }).openapi('ComplaintCreated'),
          'The complaint workflow is running; GET it for its deadlines',
        ),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        422: jsonResponse(ErrorBody, 'The visit or customer named is not on file'),
        503: jsonResponse(ErrorBody, 'Temporal or the database is unreachable'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      if (!body.visitId && !body.customerId && !body.plate)
        throw new AppError('invalid_request', 'Invalid body: name the visitId, the customerId or at least the plate', {
          fields: [{ field: 'visitId', message: 'one of visitId, customerId, plate is required' }],
        });
      const start = await openComplaint(c.var.deps, body);
      // The answer waits for the complaint's record, so a GET right after finds it with its deadlines.
      await sendUpdate(c, 'complaint', start.complaintId, complaintRecordedUpdate, {});
      return c.json({ complaintId: start.complaintId, receivedAt: start.receivedAt }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/complaints/{id}',
      tags: ['complaints'],
      summary: 'A complaint: its record and its state with the timeline, from the database',
      middleware: [requireRole(...COMPLAINT_ROLES)],
      request: { params: ComplaintId, query: LiveQuery },
      responses: {
        200: jsonResponse(
          z.object({
            complaintId: z.string(),
            record: z.record(z.string(), z.unknown()).openapi({ description: 'The complaints row' }),
            state: ComplaintStateBody.nullable().openapi({
              description: "With `live=true`, the workflow's own state instead (null once the workflow has ended)",
            }),
          }),
          'The complaint',
        ),
        400: jsonResponse(ErrorBody, 'The id or a query parameter is invalid; the error names it'),
        403: jsonResponse(ErrorBody, 'Only the service manager and an administrator ask the workflow itself (`live=true`)'),
        404: jsonResponse(ErrorBody, 'No complaint has this id'),
        503: jsonResponse(ErrorBody, 'The database (or, with `live=true`, Temporal) is unreachable'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const live = c.req.valid('query').live === 'true';
      if (live && !holdsRole(actingStaff(c).role, TIMELINE_READERS))
        throw new AppError('forbidden', 'Only the service manager asks the complaint workflow for its live state (live=true)');
      const { record, state } = await complaintView(c.var.deps, id);
      const shown = live ? await liveState(c.var.deps.temporal, id, complaintStateQuery) : state;
      return c.json({ complaintId: id, record: serializeDates(record), state: shown as Record<string, unknown> | null }, 200);
    },
  );

addActionRoutes<ComplaintActionName>(complaintRoutes, {
  resource: 'complaints',
  subject: 'complaint',
  operationPrefix: 'complaint',
  tag: 'complaints',
  params: ComplaintId,
  actions: COMPLAINT_ACTIONS,
  records: 'step',
  responses: {
    200: [ComplaintStateBody, 'Accepted: the complaint as the database now holds it, this step included'],
  },
  async take(c, id, name, payload) {
    // The update answers once the step's save is written: the database then holds the step.
    await sendUpdate(c, 'complaint', id, complaintUpdates[name], { actor: staffActor(c), payload });
    return (await complaintView(c.var.deps, id)).state;
  },
});
