import { addBusinessTime, BusinessHours } from './business-hours.js';
import { isTimeZone } from './local-time.js';
import { PRIORITY_REASONS, type PriorityReason as PriorityReasonName, priorityRank } from './priority.js';
import { IsoDateTime, MS_PER_HOUR, toEpochMs, toIso } from './time.js';
import { z } from './zod.js';

// The workshop plan: every open job placed on the technicians' shifts. The rule that judges a foreman's choice
// against it is domain/dispatch-assignment.ts. Over 300 lines on purpose: planWorkshop and the shift arithmetic it
// places jobs with are one algorithm, with the schemas of what it reads and returns.

export { PRIORITY_ORDER, priorityRank } from './priority.js';

export const PriorityReason = z.enum(PRIORITY_REASONS);
export type PriorityReason = PriorityReasonName;

export const SkillLevel = z.number().int().min(1).max(3);
export type SkillLevel = z.infer<typeof SkillLevel>;

/** What the visit workflow tells the planning activity about its own job when it reaches dispatch. */
export const Job = z.object({
  visitId: z.string().min(1),
  reason: PriorityReason,
  promisedAt: IsoDateTime,
  requiredSkill: SkillLevel,
  estimatedHours: z.number().positive(),
});
export type Job = z.infer<typeof Job>;

export const DispatchProposal = z.object({
  technicianId: z.string(),
  projectedFinishAt: IsoDateTime,
  /** True also for a job with no promised time: there is nothing to miss. */
  meetsPromise: z.boolean(),
  /** Shown to the foreman so the suggestion can be understood and overridden. */
  reason: z.string(),
});
export type DispatchProposal = z.infer<typeof DispatchProposal>;

/**
 * A technician's working hours: the days and hours of the week the planner places their work in, in their
 * time zone. A job longer than what is left of a shift carries over to the next one.
 */
export const Shift = BusinessHours.refine((h) => isTimeZone(h.timeZone), {
  path: ['timeZone'],
  message: 'expected an IANA time zone such as Europe/Berlin',
});
export type Shift = z.infer<typeof Shift>;

/** An active technician as the planner sees them; `shift` null means around the clock. */
export interface PlanTechnician {
  id: string;
  name: string;
  skillLevel: number;
  shift: Shift | null;
}

/**
 * One open job of the workshop. `technicianId` set: it is assigned and occupies that technician for its
 * remaining hours (in repair, or on the lift while the customer decides additional work). Unset: it is
 * approved and waits for dispatch.
 *
 * Work awaiting the customer's approval is not planned: an estimate nobody has approved may never become
 * work, and counting it would make every approved job look late. It joins the plan the moment it is
 * approved (the read model then lists it as waiting, or as remaining hours of its technician).
 */
export interface PlanJob {
  visitId: string;
  reason: PriorityReason;
  /** Null: no time was promised; such a job queues after the promised ones of its priority. */
  promisedAt: string | null;
  requiredSkill: number;
  hours: number;
  technicianId: string | null;
  /** Work already started goes first on its technician's timeline, whatever its priority. */
  inProgress: boolean;
  /**
   * When it was dispatched. A technician works through what was handed to them in that order: a job once
   * dispatched is never pushed back by a later one, so its projected finish (and promise) holds.
   */
  assignedAt: string | null;
}

export interface PlanSlot {
  visitId: string;
  technicianId: string;
  startAt: string;
  finishAt: string;
  hours: number;
  /** Assigned already (fixed), or the plan's proposal for a job waiting for dispatch. */
  assigned: boolean;
  /** Null when no time was promised. */
  meetsPromise: boolean | null;
  /** Why the job sits where it does in this technician's queue. */
  reason: string;
}

export interface Timeline {
  technician: PlanTechnician;
  slots: PlanSlot[];
  /** Hours on this timeline, assigned and proposed. */
  hours: number;
}

export interface PlannedDispatch {
  job: PlanJob;
  /** 1 is dispatched first. */
  position: number;
  /** Null: no active technician has the skill. */
  proposal: DispatchProposal | null;
}

export interface WorkshopPlan {
  at: string;
  /**
   * Changes whenever a job or a technician changes: what a screen compares to know the workshop moved (the
   * board refreshes on it, an assignment says which plan it was chosen from). The instant alone does not
   * change it: `at` says when the plan was computed.
   */
  version: string;
  timelines: Timeline[];
  /** Jobs waiting for dispatch, in dispatch order. */
  dispatch: PlannedDispatch[];
  /** Assigned jobs whose technician is no longer active: shown, but on nobody's timeline. */
  orphaned: PlanJob[];
}

/** Lower hours than this are rounded up: a parts-only job still takes a technician a moment. */
export const MIN_JOB_HOURS = 0.1;

// Code-unit comparison, not localeCompare: the order must be identical on every process.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const promiseMs = (job: PlanJob) => (job.promisedAt === null ? Number.POSITIVE_INFINITY : toEpochMs(job.promisedAt));

/** The seed's dispatch order: priority, then earliest promise (none last), then visit id. */
export function compareJobs(a: PlanJob, b: PlanJob): number {
  return priorityRank(a.reason) - priorityRank(b.reason) || promiseMs(a) - promiseMs(b) || compareStrings(a.visitId, b.visitId);
}

const REASON_LABEL: Record<PriorityReason, string> = {
  recall: 'recall',
  rework: 'rework',
  appointment: 'appointment',
  warranty: 'warranty',
  waiting: 'customer waiting',
  walk_in: 'walk-in',
};

/**
 * What decides a job's place: its priority and whether a time was promised. Reasons are read by people, so they
 * carry no instants: the plan's fields hold those, and each screen shows them in its own time zone.
 */
export const jobLabel = (job: PlanJob) =>
  `${REASON_LABEL[job.reason]}, ${job.promisedAt === null ? 'no promised time' : 'with a promised time'}`;

function placeReason(job: PlanJob, assigned: boolean, after: number): string {
  const what = jobLabel(job);
  if (job.inProgress) return `${what}: work started, so it is finished first`;
  const ahead = after === 0 ? 'first in the queue' : `behind ${after} job${after > 1 ? 's' : ''}`;
  return assigned
    ? `${what}: dispatched, ${ahead} handed over before it`
    : `${what}: ${ahead} already on this timeline, proposed in dispatch order (priority, then promise)`;
}

// FNV-1a: a short, stable fingerprint of the plan's inputs.
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const jobHours = (job: PlanJob) => Math.max(MIN_JOB_HOURS, job.hours);

/** The last instant a Date can hold. */
const LAST_INSTANT_MS = 8.64e15;

/**
 * When `hours` of work started at `fromMs` end inside the shift. Work too long for the ten years of shifts
 * `addBusinessTime` walks (a hostile estimate of 10,000 hours a line on a short shift) runs around the clock
 * past them instead, and nothing ends after the last instant a date can hold: the board always answers.
 */
function workEnd(fromMs: number, hours: number, shift: Shift | null): number {
  const ms = Math.round(hours * MS_PER_HOUR);
  let end: number;
  try {
    end = addBusinessTime(fromMs, ms, shift);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    end = fromMs + ms;
  }
  return Math.min(end, LAST_INSTANT_MS);
}

/** The first working instant of the shift at or after `fromMs`. */
const workStart = (fromMs: number, shift: Shift | null) => workEnd(fromMs, 0, shift);

interface Candidate {
  line: Timeline;
  finishMs: number;
}

/** Earliest finish; then the least senior; then the lighter timeline; then id, so every process agrees. */
function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    a.finishMs - b.finishMs ||
    a.line.technician.skillLevel - b.line.technician.skillLevel ||
    a.line.hours - b.line.hours ||
    compareStrings(a.line.technician.id, b.line.technician.id)
  );
}

/**
 * The workshop's plan, the one rule behind the board, every visit's proposal and the assignment check.
 *
 * Every active technician gets a timeline starting now, inside their shift. Assigned work goes on first: work
 * in progress, then the rest in dispatch order. Then each job waiting for dispatch, in the seed's order
 * (priority, promise, id), goes to the qualified technician who finishes it earliest, behind what is already
 * on their timeline. Earliest finish is what spreads the load (an idle technician always finishes first) and
 * what meets a promise whenever any qualified technician still can; among equal finishes the least senior
 * takes it, so seniors stay free for jobs only they can do. When nobody finishes by the promise, the job still
 * goes to the earliest finish, and the proposal says the promise is lost.
 */
export function planWorkshop(input: {
  now: string;
  technicians: readonly PlanTechnician[];
  jobs: readonly PlanJob[];
}): WorkshopPlan {
  const nowMs = toEpochMs(input.now);
  const staff = [...input.technicians].sort((a, b) => compareStrings(a.id, b.id));
  const timelines = new Map<string, Timeline & { freeMs: number }>();
  for (const technician of staff) {
    if (timelines.has(technician.id)) throw new RangeError(`Duplicate technician id: ${technician.id}`);
    timelines.set(technician.id, { technician, slots: [], hours: 0, freeMs: nowMs });
  }
  const seen = new Set<string>();
  for (const job of input.jobs) {
    if (seen.has(job.visitId)) throw new RangeError(`Duplicate job: ${job.visitId}`);
    seen.add(job.visitId);
  }

  const place = (line: Timeline & { freeMs: number }, job: PlanJob, assigned: boolean) => {
    const hours = jobHours(job);
    const startMs = workStart(line.freeMs, line.technician.shift);
    const finishMs = workEnd(startMs, hours, line.technician.shift);
    const slot: PlanSlot = {
      visitId: job.visitId,
      technicianId: line.technician.id,
      startAt: toIso(startMs),
      finishAt: toIso(finishMs),
      hours,
      assigned,
      meetsPromise: job.promisedAt === null ? null : finishMs <= toEpochMs(job.promisedAt),
      reason: placeReason(job, assigned, line.slots.length),
    };
    line.slots.push(slot);
    line.hours += hours;
    line.freeMs = finishMs;
    return slot;
  };
  const finishOn = (line: Timeline & { freeMs: number }, job: PlanJob) =>
    workEnd(workStart(line.freeMs, line.technician.shift), jobHours(job), line.technician.shift);

  const orphaned: PlanJob[] = [];
  const assignedJobs = input.jobs
    .filter((j) => j.technicianId !== null)
    .sort(
      (a, b) =>
        Number(b.inProgress) - Number(a.inProgress) ||
        (a.assignedAt === null ? 1 : 0) - (b.assignedAt === null ? 1 : 0) ||
        (a.assignedAt && b.assignedAt ? toEpochMs(a.assignedAt) - toEpochMs(b.assignedAt) : 0) ||
        compareJobs(a, b),
    );
  for (const job of assignedJobs) {
    const line = timelines.get(job.technicianId as string);
    if (line) place(line, job, true);
    else orphaned.push(job);
  }

  const waiting = input.jobs.filter((j) => j.technicianId === null).sort(compareJobs);
  const dispatch = waiting.map((job, i): PlannedDispatch => {
    const candidates = [...timelines.values()]
      .filter((line) => line.technician.skillLevel >= job.requiredSkill)
      .map((line) => ({ line, finishMs: finishOn(line, job) }));
    let best: (typeof candidates)[number] | undefined;
    for (const c of candidates) if (best === undefined || compareCandidates(c, best) < 0) best = c;
    if (best === undefined) return { job, position: i + 1, proposal: null };
    const queued = best.line.hours;
    const slot = place(best.line, job, false);
    const t = best.line.technician;
    const profile = `skill ${t.skillLevel} for a skill-${job.requiredSkill} job, ${round2(queued)} h queued before it`;
    const meets = slot.meetsPromise !== false;
    const others = candidates.length - 1;
    return {
      job,
      position: i + 1,
      proposal: {
        technicianId: t.id,
        projectedFinishAt: slot.finishAt,
        meetsPromise: meets,
        reason: !meets
          ? `No qualified technician can finish by the promised time; ${t.name} (${profile}) finishes earliest.`
          : `${t.name} (${profile}) finishes earliest${others > 0 ? ` of ${others + 1} qualified technicians` : ''}${job.promisedAt ? ', by the promised time' : ''}.`,
      },
    };
  });

  const lines = [...timelines.values()].map(({ freeMs: _free, ...line }) => ({ ...line, hours: round2(line.hours) }));
  const version = fingerprint(
    JSON.stringify([
      staff.map((t) => [t.id, t.skillLevel, t.shift]),
      [...input.jobs].sort((a, b) => compareStrings(a.visitId, b.visitId)),
    ]),
  );
  return { at: toIso(nowMs), version, timelines: lines, dispatch, orphaned };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export interface PlanInput {
  now: string;
  technicians: readonly PlanTechnician[];
  jobs: readonly PlanJob[];
}
