import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { complaints } from '../../db/care-schema.js';
import {
  COMPLAINT_ACTIONS,
  type ComplaintActionName,
  type ComplaintActionPayload,
  ComplaintStage,
  ComplaintState,
} from '../../domain/complaints.js';
import { COMPLAINT_ROLES } from '../../domain/roles.js';
import {
  complaintRecordedUpdate,
  complaintStateQuery,
  complaintUpdates,
  complaintWorkflowId,
} from '../../workflows/care-messages.js';
import { addActionRoutes } from '../action-routes.js';
import { actingStaff, requireReader, requireRole, staffActor } from '../auth.js';
import { careIdParams, careRead, careReadRoute } from '../care-read-route.js';
import { complaintView } from '../care-workflows.js';
import type { ApiDeps } from '../deps.js';
import { AppError, ErrorBody } from '../errors.js';
import { openedIdOf } from '../idempotency.js';
import { NewComplaint, openComplaint } from '../open-complaint.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { ComplaintList, listComplaints } from '../queries/complaints.js';
import { Cursor, dayRange, dayZone, Limit, LocalDate, TimeZone } from '../queries/params.js';
import { checkActiveMember } from '../staff-directory.js';
import { dependency } from '../unavailable.js';
import { sendUpdate } from '../workflow-updates.js';

const ComplaintId = careIdParams('complaint');
// Domain schemas may be built before @hono/zod-openapi patches zod, so they are named with zod's own `meta`.
const ComplaintStateBody = ComplaintState.meta({
  id: 'ComplaintState',
  description:
    "The complaint as the database holds it, in the shape of its workflow's state: stage, deadlines, escalations, " +
    'solution, outcome, timeline',
});
const instant = z.string().nullable();
/** The complaints row as JSON (instants as ISO strings). */
const ComplaintRecord = z
  .object({
    id: z.string(),
    source: z.string(),
    stage: z.string(),
    visitId: z.string().nullable(),
    customerId: z.string().nullable(),
    hotlineCallId: z.string().nullable(),
    plate: z.string().nullable(),
    description: z.string(),
    satisfaction: z.number().int().nullable(),
    assigneeId: z.string().nullable(),
    receivedAt: z.string(),
    firstResponseDueAt: z.string(),
    firstResponseAt: instant,
    resolutionDueAt: z.string(),
    resolvedAt: instant,
    closedAt: instant,
    firstResponseEscalatedAt: instant,
    resolutionEscalatedAt: instant,
    solution: z.string().nullable(),
    outcome: z.record(z.string(), z.unknown()).nullable(),
    customerAccepted: z.boolean().nullable(),
    version: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('ComplaintRecord');

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
      middleware: [requireReader('complaints')],
      request: { query: ComplaintListQuery },
      responses: {
        200: jsonResponse(ComplaintList, 'A page of complaints'),
        400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tz = dayZone(q.tz, c.var.settings);
      const received = dayRange(q.from, q.to, tz);
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
    careReadRoute({
      subject: 'complaint',
      path: '/complaints/{id}',
      tag: 'complaints',
      summary: 'A complaint: its record and its state with the timeline, from the database',
      read: 'complaints',
      params: ComplaintId,
      record: ComplaintRecord,
      state: ComplaintStateBody,
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const source = { subject: 'complaint', view: complaintView, query: complaintStateQuery } as const;
      const { record, state } = await careRead(c.var.deps, actingStaff(c), id, c.req.valid('query').live === 'true', source);
      return c.json({ complaintId: id, record, state }, 200);
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
      const complaintId = complaintWorkflowId.fresh(openedIdOf(c));
      const start = await openComplaint(c.var.deps, body, { complaintId }).catch((err: unknown) => {
        // This request's earlier try, whose answer Temporal gave too late: the complaint it opened is the answer.
        if (err instanceof WorkflowExecutionAlreadyStartedError) return undefined;
        throw err;
      });
      // The answer waits for the complaint's record, so a GET right after finds it with its deadlines.
      await sendUpdate(c, 'complaint', complaintId, complaintRecordedUpdate, {});
      return c.json({ complaintId, receivedAt: start?.receivedAt ?? (await receivedAtOf(c.var.deps, complaintId)) }, 201);
    },
  );

/** When the complaint was received, as its record holds it (written before its `recorded` update answers). */
async function receivedAtOf(deps: ApiDeps, complaintId: string): Promise<string> {
  const [row] = await dependency('database', () =>
    deps.database.db.select({ receivedAt: complaints.receivedAt }).from(complaints).where(eq(complaints.id, complaintId)),
  );
  if (!row) throw new Error(`complaint ${complaintId} answered as recorded but has no row`);
  return row.receivedAt.toISOString();
}

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
    // The owner is named by id: only someone working here can be given the complaint.
    if (name === 'assign') {
      const { assigneeId } = payload as ComplaintActionPayload<'assign'>;
      await dependency('database', () => checkActiveMember(c.var.deps.database.db, assigneeId, 'assigneeId'));
    }
    // The update answers once the step's save is written: the database then holds the step.
    await sendUpdate(c, 'complaint', id, complaintUpdates[name], { actor: staffActor(c), payload });
    return (await complaintView(c.var.deps, id)).state;
  },
});
