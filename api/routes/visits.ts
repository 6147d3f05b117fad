import { createRoute, z } from '@hono/zod-openapi';
import { eq, getTableColumns } from 'drizzle-orm';
import { visits } from '../../db/schema.js';
import { DispatchProposal } from '../../domain/dispatch.js';
import { holdsRole, TIMELINE_READERS } from '../../domain/roles.js';
import { NewVisit } from '../../domain/visit.js';
import { VisitShown as VisitShownSchema } from '../../domain/visit-state.js';
import { actingStaff, requireReader } from '../auth.js';
import { dispatchOf } from '../dispatch.js';
import { AppError, ErrorBody } from '../errors.js';
import { allowedPolicy, openVisit } from '../open-visit.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { checkAdvisor } from '../staff-directory.js';
import { dependency } from '../unavailable.js';
import { liveVisitState, shownTo, visitState } from '../visit-workflow.js';

/** Who may ask the workflow itself: the readers of its history (an admin holds every role). */
const LIVE_STATE_READERS = TIMELINE_READERS;

/** The visits row as `record`, less the facts document: `state` shows those, assembled. */
const { facts: _facts, ...RECORD_COLUMNS } = getTableColumns(visits);

const VisitId = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const VisitPlan = z
  .object({
    version: z.string(),
    at: z.string(),
    position: z.number().int().openapi({ description: 'Place in the dispatch queue; 1 is dispatched first' }),
    proposal: DispatchProposal.nullable().openapi({
      description: 'Null: no active technician has the skill this job needs (or none at all yet)',
    }),
    requiredSkill: z.number().int(),
  })
  .openapi('VisitDispatchPlan');
const instant = z.string().nullable();
/** The visits row as JSON (instants as ISO strings), less its facts document. */
const VisitRecord = z
  .object({
    id: z.string(),
    roNumber: z.number().int(),
    kind: z.string(),
    stage: z.string(),
    customerId: z.string(),
    vin: z.string(),
    plate: z.string(),
    advisorId: z.string(),
    appointmentAt: instant,
    requestedServices: z.array(z.string()),
    priorityReason: z.string(),
    confirmed: z.boolean(),
    arrivedAt: instant,
    technicianId: z.string().nullable(),
    promisedAt: instant,
    atRisk: z.boolean(),
    late: z.boolean(),
    reworkCount: z.number().int(),
    totalCents: z.number().int().nullable(),
    mileageIn: z.number().int().nullable(),
    deliveredAt: instant,
    closedAt: instant,
    needsAttention: z.boolean(),
    pendingApprovalId: z.string().nullable(),
    awaitingCustomerSince: instant,
    customerDecidedAt: instant,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('VisitRecord');
const VisitView = z
  .object({
    visitId: z.string(),
    record: VisitRecord.openapi({ description: "The visits row: the RO number and the visit's columns" }),
    state: VisitShownSchema.meta({ id: 'VisitShown' }).openapi({
      description:
        'The visit assembled from the read model (lines, timeline with lanes, approvals, dispatch, work, QC, pickup, ' +
        "follow-up); with `live=true`, the visit workflow's own state instead. The workshop's roles (technician, QC, " +
        "foreman) are shown it without the customer's `phone` and `email`",
    }),
    plan: VisitPlan.nullable().openapi({
      description:
        "While the visit waits for dispatch: its place in the workshop plan computed now, the board's plan " +
        '(`state.dispatch.proposal` shows the same proposal)',
    }),
  })
  .openapi('Visit');
const NewWalkIn = NewVisit.extend({
  confirmDuplicate: z.boolean().optional().meta({
    description: 'The vehicle is already in the shop, or booked for about now: true opens a second visit anyway (else 409)',
  }),
}).openapi('NewWalkIn');
const VisitQuery = z.object({
  live: z
    .enum(['true', 'false'])
    .optional()
    .openapi({
      description:
        "true: ask the visit's workflow for its live state, for diagnosis (manager, admin); it replays an evicted " +
        'visit and needs a worker. Default: the read model',
    }),
});
const Created = z.object({ visitId: z.string(), stage: z.string() }).openapi('VisitCreated');

export const visitRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/visits',
      tags: ['visits'],
      summary: 'Open a walk-in visit: the vehicle is at reception now',
      request: { body: jsonBody(NewWalkIn, 'Customer, vehicle, advisor and requests') },
      responses: {
        201: jsonResponse(Created, 'The visit workflow is running'),
        400: jsonResponse(ErrorBody, 'A field is invalid (e.g. the advisor is not an active advisor); the error names it'),
        422: jsonResponse(ErrorBody, 'A requested job is not in the catalogue; the error names it'),
        409: jsonResponse(
          ErrorBody,
          'The vehicle is already in the shop or booked for about now (`details.duplicates`); send `confirmDuplicate: true` to open a second visit. ' +
            "Or the customer named by `customer.id` is given a number another customer's file has (field `customer.phone`)",
        ),
        503: jsonResponse(ErrorBody, 'Temporal or the database is unreachable; nothing was written'),
      },
    }),
    async (c) => {
      const { confirmDuplicate, ...body } = c.req.valid('json');
      const db = c.var.deps.database.db;
      await dependency('database', () => checkAdvisor(db, body.advisorId));
      const policy = allowedPolicy(c.var.settings, body);
      const started = await openVisit(c.var.deps, body, 'walk_in', undefined, policy, actingStaff(c).id, {
        refuseDuplicate: confirmDuplicate ? undefined : { timeZone: c.var.settings.shopTimeZone },
        shopCountry: c.var.settings.shopCountry,
        timeZone: c.var.settings.shopTimeZone,
      });
      return c.json({ visitId: started.visitId, stage: 'reception' }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/visits/{id}',
      middleware: [requireReader('visit')],
      tags: ['visits'],
      summary: 'A visit: its record and the visit as the read model holds it',
      request: { params: VisitId, query: VisitQuery },
      responses: {
        200: jsonResponse(VisitView, 'The visit'),
        400: jsonResponse(ErrorBody, 'The id or a query parameter is invalid; the error names it'),
        403: jsonResponse(ErrorBody, 'Only the service manager and an administrator ask the workflow itself (`live=true`)'),
        404: jsonResponse(ErrorBody, 'No visit has this id'),
        409: jsonResponse(
          ErrorBody,
          'With `live=true`: the visit waits for its maintenance reminder in a run that keeps no state (read it without)',
        ),
        503: jsonResponse(ErrorBody, 'The database (or, with `live=true`, Temporal) is unreachable'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const live = c.req.valid('query').live === 'true';
      if (live && !holdsRole(actingStaff(c).role, LIVE_STATE_READERS))
        throw new AppError('forbidden', 'Only the service manager asks the visit workflow for its live state (live=true)');
      const { database } = c.var.deps;
      const [record] = await dependency('database', () =>
        database.db.select(RECORD_COLUMNS).from(visits).where(eq(visits.id, id)).limit(1),
      );
      if (!record) throw new AppError('not_found', `No visit with id ${id}`);
      const read = live ? await liveVisitState(c.var.deps, id) : await visitState(c.var.deps, id);
      const state = shownTo(actingStaff(c).role, read);
      const dispatch = await dispatchOf(c.var.deps, read, c.var.settings.shopTimeZone);
      if (!dispatch) return c.json({ visitId: id, record, state, plan: null }, 200);
      const { plan, entry } = dispatch;
      // The proposal is never the one read when the job reached dispatch: it is the plan's, now.
      return c.json(
        {
          visitId: id,
          record,
          state: { ...state, dispatch: { ...state.dispatch, proposal: entry.proposal } },
          plan: {
            version: plan.version,
            at: plan.at,
            position: entry.position,
            proposal: entry.proposal,
            requiredSkill: entry.job.requiredSkill,
          },
        },
        200,
      );
    },
  );
