import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { rescues } from '../../db/care-schema.js';
import { HotlineCallInput } from '../../domain/hotline.js';
import { RESCUE_ACTIONS, type RescueActionName, type RescueActionPayload } from '../../domain/rescue.js';
import { FRONT_DESK_ROLES } from '../../domain/roles.js';
import { complaintRecordedUpdate, rescueRecordedUpdate, rescueStateQuery, rescueUpdates } from '../../workflows/care-messages.js';
import { addActionRoutes } from '../action-routes.js';
import { actingStaff, requireRole, staffActor } from '../auth.js';
import { careIdParams, careRead, careReadRoute } from '../care-read-route.js';
import { rescueView } from '../care-workflows.js';
import type { ApiEnv } from '../deps.js';
import { ErrorBody } from '../errors.js';
import { HotlineCallTaken, takeHotlineCall } from '../hotline-intake.js';
import { openedIdOf } from '../idempotency.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { checkAdvisor, checkDuplicateWalkIn } from '../staff-directory.js';
import { dependency } from '../unavailable.js';
import { sendUpdate } from '../workflow-updates.js';

const RescueId = careIdParams('rescue');
const RescueStateBody = z.record(z.string(), z.unknown()).openapi('RescueState', {
  description:
    "The rescue as the database holds it, in the shape of its workflow's state: stage, crew, ETA, missed ETAs, " +
    'the walk-in visit once towed in, timeline',
});

export const hotlineRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/hotline/calls',
      tags: ['hotline'],
      summary:
        "Record a 24-hour hotline call: classify it, read it back, and start a rescue or a complaint, or put a consultation's call-back on the call list",
      description:
        'Without `category` the keyword rule decides (a breakdown is a rescue, a grievance a complaint, anything else a consultation). A rescue needs `location`.',
      middleware: [requireRole(...FRONT_DESK_ROLES)],
      request: { body: jsonBody(HotlineCallInput, 'Who called and what they said') },
      responses: {
        201: jsonResponse(HotlineCallTaken, 'Recorded; read `readBack` to the caller'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        422: jsonResponse(ErrorBody, 'The visit named is not on file'),
        503: jsonResponse(ErrorBody, 'Temporal or the database is unreachable; nothing was recorded'),
      },
    }),
    async (c) => {
      // A towed-in car's visit is priced at the shop's tax rate like any other.
      const visitPolicy = { taxRateBasisPoints: c.var.settings.taxRateBasisPoints };
      const taken = await takeHotlineCall(c.var.deps, c.req.valid('json'), actingStaff(c).id, {
        visitPolicy,
        shopCountry: c.var.settings.shopCountry,
        language: c.var.settings.shopLanguage,
        timeZone: c.var.settings.shopTimeZone,
        callId: openedIdOf(c),
      });
      // The answer waits for the rescue's or complaint's first record, so a GET right after finds it.
      if (taken.rescueId) await sendUpdate(c, 'rescue', taken.rescueId, rescueRecordedUpdate, {});
      if (taken.complaintId) await sendUpdate(c, 'complaint', taken.complaintId, complaintRecordedUpdate, {});
      return c.json(taken, 201);
    },
  )
  .openapi(
    careReadRoute({
      subject: 'rescue',
      path: '/rescues/{id}',
      tag: 'hotline',
      summary: 'A roadside rescue: its record and its state with the timeline, from the database',
      read: 'rescues',
      params: RescueId,
      record: z.record(z.string(), z.unknown()),
      state: RescueStateBody,
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const source = { subject: 'rescue', view: rescueView, query: rescueStateQuery } as const;
      const { record, state } = await careRead(c.var.deps, actingStaff(c), id, c.req.valid('query').live === 'true', source);
      return c.json({ rescueId: id, record, state: state as Record<string, unknown> | null }, 200);
    },
  );

addActionRoutes<RescueActionName>(hotlineRoutes, {
  resource: 'rescues',
  subject: 'rescue',
  operationPrefix: 'rescue',
  tag: 'hotline',
  params: RescueId,
  actions: RESCUE_ACTIONS,
  records: 'step',
  responses: {
    200: [
      RescueStateBody,
      'Accepted: the rescue as the database now holds it, this step included (with `visitId` once towed in)',
    ],
    409:
      'The rescue is not at a stage that accepts this step, or the step was already taken; or, for `tow_in`, the ' +
      'vehicle is already in the shop or booked for about now (`details.duplicates`): send `confirmDuplicate: true` ' +
      'to open a second visit',
  },
  async take(c, id, name, payload) {
    if (name === 'tow_in') await checkTowIn(c, id, payload as RescueActionPayload<'tow_in'>);
    // The update answers once the step's save is written: the database then holds the step.
    await sendUpdate(c, 'rescue', id, rescueUpdates[name], { actor: staffActor(c), payload });
    return (await rescueView(c.var.deps, id)).state;
  },
});

/**
 * The walk-in a tow-in opens is held to the desk's rules (POST /visits): its advisor is an active advisor on the staff
 * list (400 naming `advisorId`), and a car already in the shop is not opened a second visit unless confirmed (409).
 * The duplicate is asked here first, so the usual refusal never enters the rescue's history; the activity that writes
 * the visit asks again under the vehicle's lock, where two tow-ins (or a tow-in and a walk-in) of the car at once meet.
 * A rescue already towed in is a retry: its workflow answers it.
 */
async function checkTowIn(c: Context<ApiEnv>, id: string, payload: RescueActionPayload<'tow_in'>) {
  const db = c.var.deps.database.db;
  await dependency('database', async () => {
    await checkAdvisor(db, payload.advisorId);
    const [rescue] = await db.select({ stage: rescues.stage }).from(rescues).where(eq(rescues.id, id));
    if (rescue?.stage !== 'towed_in' && !payload.confirmDuplicate) await checkDuplicateWalkIn(db, payload.vehicle.vin);
  });
}
