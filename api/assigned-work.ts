import { eq } from 'drizzle-orm';
import { readKeptCalendar } from '../db/calendar.js';
import { technicians } from '../db/schema.js';
import { shiftOf } from '../db/workshop-plan.js';
import { acceptedAt } from '../domain/action-rules.js';
import type { ActionActor, ActionName, ActionPayload, ReassignChoice } from '../domain/actions.js';
import {
  assigneeOf,
  assigneeRefusal,
  awayToday,
  reassignRefusal,
  STEPS_TAKEN_FOR_TECHNICIAN,
  takenFor,
} from '../domain/assignment-rules.js';
import { exceptionOn } from '../domain/calendar-rules.js';
import { localDate } from '../domain/local-time.js';
import type { VisitState } from '../domain/visit-state.js';
import type { ApiDeps } from './deps.js';
import { AppError, fieldRefusal } from './errors.js';
import { dependency } from './unavailable.js';
import { liveVisitState, visitState } from './visit-workflow.js';

/** A technician as the directory holds them now: name, skill and whether on the rota. */
const technicianRow = async (deps: ApiDeps, id: string) => {
  const [row] = await dependency('database', () =>
    deps.database.db
      .select({
        name: technicians.name,
        skillLevel: technicians.skillLevel,
        active: technicians.active,
        shift: technicians.shift,
      })
      .from(technicians)
      .where(eq(technicians.id, id))
      .limit(1),
  );
  return row;
};

const technicianName = async (deps: ApiDeps, id: string) => (await technicianRow(deps, id))?.name ?? id;

/**
 * A repair step held to whose job it is (domain/assignment-rules.ts) before the workflow hears of it, so the
 * refusal names the technician by name, which the workflow does not know; the workflow's validator holds it to
 * the same rule in case the job was reassigned in between. A step the foreman or manager records for the
 * assignee carries `forTechnician`, so its history says for whom.
 */
export async function forAssignee(deps: ApiDeps, visitId: string, step: ActionName, actor: ActionActor, payload: object) {
  const state = await visitState(deps, visitId);
  // Not in repair (or never dispatched): the visit itself answers, with its stage.
  if (state.stage !== 'in_repair' || assigneeOf(state) === undefined) return payload;
  const refused = await assignedElsewhere(deps, state, step, actor, undefined);
  if (refused) throw refused;
  const forTechnician = (STEPS_TAKEN_FOR_TECHNICIAN as readonly ActionName[]).includes(step) ? takenFor(state, actor) : undefined;
  return forTechnician ? { ...payload, forTechnician } : payload;
}

/** The 409 of a repair step on someone else's job, naming the assignee by name (`details.assignee`). */
async function assignedElsewhere(
  deps: ApiDeps,
  state: Pick<VisitState, 'dispatch'>,
  step: ActionName,
  actor: ActionActor,
  forTechnician: unknown,
): Promise<AppError | undefined> {
  const assignee = assigneeOf(state);
  if (assignee === undefined || !assigneeRefusal(step, state, actor, forTechnician)) return undefined;
  const name = await technicianName(deps, assignee);
  const refused = assigneeRefusal(step, state, actor, forTechnician, () => name) as string;
  return new AppError('conflict', refused, { reason: 'assigned_elsewhere', assignee: { id: assignee, name } });
}

/**
 * A repair step the workflow refused because the job was handed to someone else after `forAssignee` read the
 * visit: the workflow, which knows no names, names the new assignee by id, so the refusal is made again from the
 * workflow's own state (the hand-over's record may still be on its way to the database), with the name and
 * `details.assignee`. Any other failure is passed on as it is.
 */
export async function namingAssignee(
  deps: ApiDeps,
  visitId: string,
  step: ActionName,
  actor: ActionActor,
  payload: object,
  err: unknown,
): Promise<unknown> {
  if (!(err instanceof AppError) || err.code !== 'conflict') return err;
  const state = await liveVisitState(deps, visitId);
  const forTechnician = (payload as { forTechnician?: unknown }).forTechnician;
  // The workflow's own words for this refusal: only then is it the assignment that refused the step.
  if (err.message !== assigneeRefusal(step, state, actor, forTechnician)) return err;
  return (await assignedElsewhere(deps, state, step, actor, forTechnician)) ?? err;
}

/**
 * A reassignment held to the one rule (domain/assignment-rules.ts `reassignRefusal`) against the technician as
 * the directory holds them now: an id nobody has, someone off the rota or without the job's skill is a 422 naming
 * `technicianId` in words, with names rather than ids. The payload carries who the technician is, as read here
 * (whatever the client sent), so the workflow's validator holds it to the same rule.
 *
 * A technician on the rota who does not work today (`awayToday`, the rule the board flags by: no shift hours today,
 * or the shop closed) may take the job, as a job handed over on Friday evening for Monday is the shop's to arrange;
 * but a job is handed over because its technician cannot go on, so a slip of the list that parks it with someone
 * not there is refused with 409 naming `confirmOffToday` unless the foreman confirms it, as a desk booking on a
 * closed day is (api/booking.ts `closedRefusal`).
 */
export async function checkedReassignment(
  deps: ApiDeps,
  visitId: string,
  actor: ActionActor,
  choice: ReassignChoice,
  shopTimeZone: string,
): Promise<ActionPayload<'reassign_technician'>> {
  const state = await visitState(deps, visitId);
  // Not in repair: the visit itself answers (409 with its stage).
  if (!acceptedAt('reassign_technician', state.stage)) return choice;
  const row = await technicianRow(deps, choice.technicianId);
  const technician = row && { name: row.name, skillLevel: row.skillLevel, active: row.active };
  const refused = reassignRefusal(state, actor, { ...choice, technician });
  if (refused?.kind === 'invalid') throw fieldRefusal('unprocessable', refused.field, refused.message);
  if (refused) throw new AppError('conflict', refused.message);
  if (row && !choice.confirmOffToday) {
    const now = new Date();
    const calendar = await dependency('database', () => readKeptCalendar(deps.database.db, shopTimeZone, now));
    const shop = { timeZone: shopTimeZone, calendar };
    const away = awayToday(choice.technicianId, [{ id: choice.technicianId, shift: shiftOf(row.shift) }], shop, now.getTime());
    if (away) {
      const date = localDate(now.getTime(), shopTimeZone);
      const note = calendar && exceptionOn(calendar, date)?.note;
      const why =
        away === 'shop_closed'
          ? `the shop is closed today (${date}${note ? `, ${note}` : ''}), so ${row.name} does not work today`
          : `${row.name} has no shift hours today (${date})`;
      const message = `${why}; tick "hand over anyway" (confirmOffToday: true) to give them the job all the same`;
      throw new AppError('conflict', message, { fields: [{ field: 'confirmOffToday', message }] });
    }
  }
  return { ...choice, technician };
}
