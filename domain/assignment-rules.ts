import { ACTION_RULES, type ActionName, acceptedAt } from './action-rules.js';
import { openingIntervals, openTogetherBetween, type ShopCalendar, workingTime } from './calendar-rules.js';
import type { PlanTechnician } from './dispatch.js';
import { localDate, nextDate, startOfLocalDay } from './local-time.js';
import { type ActionActorRole, aRole, holdsRole } from './role-rules.js';
import type { VisitState } from './visit-state.js';

// Whose job a repair is, as plain code for the workflow's validator, the API (which names the technician) and the
// visit screen (which shows the refusal instead of the form). Dispatch hands the job to one technician, who alone
// clocks on to it, reports extra work on it and finishes it: the board and the efficiency KPI credit that
// technician, so work clocked by someone else would be credited to the wrong person. The foreman or the manager,
// who reassign jobs, may record a step for the assigned technician when they cannot, and the step says so.

/** The steps of the repair that only its technician takes (or the foreman or manager for them). */
const ASSIGNED_STEPS: readonly ActionName[] = ['start_work', 'report_additional_work', 'complete_work'];
export const isAssignedStep = (step: ActionName) => ASSIGNED_STEPS.includes(step);

/** The steps that record for whom the foreman or manager took them (`forTechnician` in their payload). */
export const STEPS_TAKEN_FOR_TECHNICIAN = ['start_work', 'complete_work'] as const satisfies readonly ActionName[];

/** Whose job the visit's repair is: the technician dispatch assigned it to, if any. */
export const assigneeOf = (state: Pick<VisitState, 'dispatch'>): string | undefined => state.dispatch.technicianId;

/**
 * Whose job it is when it is not this actor's to work on (undefined: it is theirs, or nobody's yet): a technician
 * works on their own job only, and a step sent `forTechnician` is sent for the assignee.
 */
export function othersJob(
  state: Pick<VisitState, 'dispatch'>,
  actor: { id: string; role: ActionActorRole },
  forTechnician?: unknown,
): string | undefined {
  const assignee = assigneeOf(state);
  if (assignee === undefined) return undefined;
  const ownJob = actor.role !== 'technician' || actor.id === assignee;
  const forAssignee = forTechnician === undefined || forTechnician === assignee;
  return ownJob && forAssignee ? undefined : assignee;
}

/**
 * Why this actor may not take the repair step on this visit's job, in words naming whom it is assigned to, or
 * undefined when they may. `nameOf` turns the assignee's id into their name where a directory is at hand (the
 * API); the workflow, which has none, names the id.
 */
export function assigneeRefusal(
  step: ActionName,
  state: Pick<VisitState, 'dispatch'>,
  actor: { id: string; role: ActionActorRole },
  forTechnician?: unknown,
  nameOf: (id: string) => string = (id) => id,
): string | undefined {
  const assignee = isAssignedStep(step) ? othersJob(state, actor, forTechnician) : undefined;
  return assignee === undefined ? undefined : `this job is assigned to ${nameOf(assignee)}; ask the foreman to reassign it`;
}

/** For whom a step is taken: the assignee when someone else (the foreman, the manager) records it for them. */
export const takenFor = (state: Pick<VisitState, 'dispatch'>, actor: { id: string }): string | undefined => {
  const assignee = assigneeOf(state);
  return assignee !== undefined && assignee !== actor.id ? assignee : undefined;
};

/** The skill the job needs: the most any of its approved (or done) lines asks, at least 1. */
export const requiredSkillOf = (state: Pick<VisitState, 'lines'>): number =>
  Math.max(1, ...state.lines.filter((l) => l.status === 'approved' || l.status === 'done').map((l) => l.requiredSkill));

/** The technician a reassignment names, as the workshop's directory held them when the API read it. */
export interface ReassignCandidate {
  name: string;
  skillLevel: number;
  /** On the rota (the directory's `active`); a technician taken off it is offered no work. */
  active: boolean;
}

/** What a reassignment carries: the new technician's id and, read by the API, who that is (absent: unknown id). */
export interface ReassignChoiceSeen {
  technicianId: string;
  technician?: ReassignCandidate;
}

/** Why a reassignment is refused: `not_now` (409, the visit's stage) or `invalid` (422), naming the field. */
export interface ReassignRefusal {
  kind: 'not_now' | 'invalid';
  field: 'stage' | 'actor.role' | 'technicianId';
  message: string;
}

/**
 * The one rule for handing a job in repair to another technician [S1.6], for the workflow's validator and the
 * API alike: only in repair (dispatched, started or not), only by the foreman or the manager (who dispatch), only
 * to someone else on the rota with the skill the job needs. The choice carries the technician as the API read them
 * from the directory, so choosing the current assignee names them; the workflow has only the id.
 */
export function reassignRefusal(
  state: Pick<VisitState, 'stage' | 'dispatch' | 'lines'>,
  actor: { role: ActionActorRole },
  choice: ReassignChoiceSeen,
): ReassignRefusal | undefined {
  const refuse = (kind: ReassignRefusal['kind'], field: ReassignRefusal['field'], words: string): ReassignRefusal => ({
    kind,
    field,
    message: field === 'stage' ? words : `${field}: ${words}`,
  });
  if (!acceptedAt('reassign_technician', state.stage))
    return refuse('not_now', 'stage', `reassign_technician is not accepted while the visit is ${state.stage}`);
  if (actor.role === 'customer' || !holdsRole(actor.role, ACTION_RULES.reassign_technician.roles))
    return refuse('invalid', 'actor.role', `${aRole(actor.role)} may not reassign a job; ask the foreman or the service manager`);
  const assignee = assigneeOf(state);
  if (assignee === undefined) return refuse('not_now', 'stage', 'the job has no technician yet; dispatch it first');
  const chosen = choice.technician;
  if (choice.technicianId === assignee)
    return refuse('invalid', 'technicianId', `the job is already assigned to ${chosen?.name ?? assignee}`);
  if (!chosen) return refuse('invalid', 'technicianId', `no technician has the id ${choice.technicianId}`);
  if (!chosen.active) return refuse('invalid', 'technicianId', `${chosen.name} is off the rota; choose a technician on it`);
  const needed = requiredSkillOf(state);
  if (chosen.skillLevel < needed)
    return refuse('invalid', 'technicianId', `${chosen.name} has skill ${chosen.skillLevel}; this job needs skill ${needed}`);
  return undefined;
}

/**
 * Why a technician cannot work today, the shop's local day: taken off the rota (`off_rota`: not among `onRota`, the
 * active technicians as the plan reads them), the shop closed all day on its calendar (`shop_closed`: a holiday or
 * a closed weekday), or no time today that both their shift and the shop's opening hours hold (`off_shift`). The
 * working time is the plan's own (domain/dispatch.ts `workingTime`), so the board flags exactly those the plan places
 * no work on today. Before a manager keeps a calendar the shifts alone count, as they do for the plan; a technician
 * without a shift works whenever the shop is open.
 */
export const AWAY_TODAY = ['off_rota', 'shop_closed', 'off_shift'] as const;
export type AwayToday = (typeof AWAY_TODAY)[number];

/** The shop's day the rota is read on: its zone, and its calendar once a manager has kept one (db/calendar.ts). */
export interface ShopDay {
  timeZone: string;
  calendar?: ShopCalendar;
}

export function awayToday(
  technicianId: string,
  onRota: readonly Pick<PlanTechnician, 'id' | 'shift'>[],
  shop: ShopDay,
  nowMs: number,
): AwayToday | undefined {
  const technician = onRota.find((t) => t.id === technicianId);
  if (!technician) return 'off_rota';
  const today = localDate(nowMs, shop.timeZone);
  if (shop.calendar && openingIntervals(shop.calendar, today).length === 0) return 'shop_closed';
  const day = [startOfLocalDay(today, shop.timeZone), startOfLocalDay(nextDate(today), shop.timeZone)] as const;
  return openTogetherBetween(workingTime(technician.shift, shop.calendar), ...day) ? undefined : 'off_shift';
}
