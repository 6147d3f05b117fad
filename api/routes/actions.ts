import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { visits } from '../../db/schema.js';
import { acceptedAt, MOST_TAKES_IN_ONE_STAGE } from '../../domain/action-rules.js';
import {
  ACTIONS,
  type ActionName,
  type ActionPayload,
  AssignChoice,
  LINES_FROM_CATALOGUE,
  QC_AS_SENT,
  ReassignChoice,
  STEP_AS_SENT,
} from '../../domain/actions.js';
import { isAssignedStep } from '../../domain/assignment-rules.js';
import { VisitShown, type VisitState } from '../../domain/visit-state.js';
import { addActionRoutes } from '../action-routes.js';
import { checkedReassignment, forAssignee, namingAssignee } from '../assigned-work.js';
import { actingStaff, requireActionRole, staffActor } from '../auth.js';
import { bookingCalendar, holdingPlace } from '../booking.js';
import { linesFromCatalogue } from '../catalogue-lines.js';
import type { ApiEnv } from '../deps.js';
import { checkedAssignment } from '../dispatch.js';
import { router, VisitIdParam } from '../openapi.js';
import { requiredChecks, visitChecklist } from '../queries/qc-checklist.js';
import { dependency } from '../unavailable.js';
import { actOn, shownTo } from '../visit-workflow.js';

// Domain schemas may be built before @hono/zod-openapi patches zod, so they are named with zod's own `meta`.
export const VisitStateBody = VisitShown.meta({ id: 'VisitState' });

const pascal = (name: string) => name.replace(/(^|_)(\w)/g, (_, _sep, ch: string) => ch.toUpperCase());

/**
 * The visit's actions as routes (api/action-routes.ts); a dispatch is checked against the workshop plan first, the
 * lines of an estimate or additional work are priced from the catalogue first, quality control is sent with the
 * maintenance checklist of the visit's packages, and a move to a time the shop is closed waits for `confirmClosed`.
 */
export const actionRoutes = router();

addActionRoutes<ActionName>(actionRoutes, {
  resource: 'visits',
  subject: 'visit',
  operationPrefix: 'action',
  tag: 'actions',
  params: VisitIdParam,
  actions: ACTIONS,
  note: 'The acting staff member is taken from the token.',
  roleCheck: (name) => requireActionRole(name, ACTIONS[name].roles),
  // A dispatch carries the plan it was checked against, a line priced from the catalogue its price, quality control
  // the checklist it is held to: the API computes each, so staff send only their choice, the catalogue's codes and
  // what they checked.
  body: (name) =>
    (name === 'assign_technician'
      ? AssignChoice
      : name === 'reassign_technician'
        ? ReassignChoice
        : name === 'submit_estimate' || name === 'report_additional_work'
          ? LINES_FROM_CATALOGUE[name]
          : name === 'record_qc'
            ? QC_AS_SENT
            : name === 'start_work' || name === 'complete_work'
              ? STEP_AS_SENT[name]
              : ACTIONS[name].payload
    ).meta({ id: `${pascal(name)}Payload` }),
  records: 'action',
  responses: {
    200: [VisitStateBody, 'Accepted: the visit as the database holds it now, with this action recorded'],
    404: 'No visit has this id',
    409:
      "The visit's stage (or another action that just landed) does not accept this action now, or the action was " +
      'a repair step on a job assigned to another technician (`details.reason` "assigned_elsewhere", ' +
      '`details.assignee` whose it is; the foreman or manager may take it for them), or the action was ' +
      `already taken ${MOST_TAKES_IN_ONE_STAGE} times in this stage; for a dispatch, ` +
      'also: the workshop plan moved since the `planVersion` sent and the choice no longer meets the promise ' +
      '(`details.reason` "plan_moved", `details.proposal` what the plan proposes now); for a reschedule, also: the ' +
      'shop is closed at the new time (field `confirmClosed`), send `confirmClosed: true` to move it anyway; or the car ' +
      'already has another open booking that day, or one being moved onto it (field `appointmentAt`, `details.duplicates`); ' +
      'for a reassignment, also: the technician does not work today (no shift hours today, or the shop is closed; field ' +
      '`confirmOffToday`), send `confirmOffToday: true` to hand them the job anyway',
    422:
      'The payload is well-formed but contradicts the visit (e.g. an unknown line); the error names the field. ' +
      'For a reassignment: the technician is unknown, off the rota, without the skill the job needs, or has it already ' +
      '(field `technicianId`). Or the action was accepted (`details.accepted`) but the database refused its record: the visit needs ' +
      'attention and `details.incidentId` is its incident on GET /alerts',
  },
  // The answer is the visit as the sender's role reads it (GET /visits/{id}): a technician's step does not answer
  // with the customer's phone and e-mail.
  take: async (c, id, name, body) => shownTo(actingStaff(c).role, await takeAction(c, id, name, body)),
});

/** The step as the workflow is sent it: checked against whose job it is, priced or held to its checklist first. */
async function takeAction(c: Context<ApiEnv>, id: string, name: ActionName, body: unknown): Promise<VisitState> {
  const act = (payload: unknown) =>
    actOn(c, id, name, { actor: staffActor(c), payload: payload as ActionPayload<typeof name> }).catch(async (err: unknown) => {
      // The job handed over since forAssignee read it: told whose it is now, by name, as forAssignee tells it.
      throw isAssignedStep(name) ? await namingAssignee(c.var.deps, id, name, staffActor(c), payload as object, err) : err;
    });
  // Whose job a repair is comes before what its step says: another technician is told whose it is.
  const sent = isAssignedStep(name) ? await forAssignee(c.var.deps, id, name, staffActor(c), body as object) : body;
  if (name === 'reschedule') return deskMove(c, id, ACTIONS.reschedule.payload.parse(sent), () => act(sent));
  const payload =
    name === 'assign_technician'
      ? await checkedAssignment(c.var.deps, id, AssignChoice.parse(sent), c.var.settings.shopTimeZone)
      : name === 'reassign_technician'
        ? await checkedReassignment(c.var.deps, id, staffActor(c), ReassignChoice.parse(sent), c.var.settings.shopTimeZone)
        : name === 'submit_estimate' || name === 'report_additional_work'
          ? await linesFromCatalogue(c, id, name, LINES_FROM_CATALOGUE[name].parse(sent))
          : name === 'record_qc'
            ? { ...QC_AS_SENT.parse(sent), requiredChecks: requiredChecks(await checklistOf(c, id)) }
            : sent;
  return act(payload);
}

/** The checklist the visit's packages require now, which the workflow holds quality control's record to. */
const checklistOf = (c: Context<ApiEnv>, visitId: string) =>
  dependency('database', () => visitChecklist(c.var.deps.database.db, visitId));

/**
 * A move is asked here, before the workflow hears of it (workflows know no calendar and no other visit), and holds
 * its new place until the visit has written it (`holdingPlace`, the customer's move alike): onto a day the car
 * already has another open booking, or is being moved onto, refused (a move has no "anyway"); then, as the only
 * refusal the desk can lift, a time the shop is closed. Neither is asked of a visit past its booking, nor the closed
 * hours of a time already gone: the workflow refuses those moves, and ticking "move anyway" must not lead to a
 * refusal no box lifts.
 */
async function deskMove<T>(
  c: Context<ApiEnv>,
  visitId: string,
  move: ActionPayload<'reschedule'>,
  send: () => Promise<T>,
): Promise<T> {
  const { db } = c.var.deps.database;
  const [moved] = await dependency('database', () =>
    db.select({ vin: visits.vin, stage: visits.stage }).from(visits).where(eq(visits.id, visitId)).limit(1),
  );
  // An unknown visit is the workflow's 404 to give, one past its booking its 409.
  if (!moved || !acceptedAt('reschedule', moved.stage)) return send();
  const at = Date.parse(move.appointmentAt);
  // A time already gone is the workflow's 422 to give.
  const refuseClosed =
    at > Date.now() && !move.confirmClosed ? await dependency('database', () => bookingCalendar(db, c.var.settings)) : undefined;
  return holdingPlace(c, { visitId, vin: moved.vin, at, by: 'desk', refuseClosed }, send);
}
