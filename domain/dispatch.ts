import { BusinessHours } from './business-hours.js';
import { addWorkingTimeOrClock, type ShopCalendar, workingTime } from './calendar-rules.js';
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

/** A technician's grade and what a job line needs, lowest first. */
export const SKILL_LEVELS = [1, 2, 3] as const;
export const SkillLevel = z.number().int().min(1).max(SKILL_LEVELS.length);
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

/**
 * Why the plan proposes this technician, as data: screens word it in their reader's language, the English
 * `reason` is worded from it by `proposalReasonText`, so the two cannot disagree.
 */
export const PROPOSAL_REASON_KINDS = ['by_promise', 'no_promise', 'late'] as const;
export type ProposalReasonKind = (typeof PROPOSAL_REASON_KINDS)[number];
export const ProposalReasonParts = z.object({
  kind: z.enum(PROPOSAL_REASON_KINDS).openapi({
    description:
      'by_promise: finishes earliest and by the promised time; no_promise: finishes earliest, no time was promised; late: nobody qualified finishes by the promised time, this one finishes earliest',
  }),
  technicianName: z.string(),
  skillLevel: z.number().int().openapi({ description: "The technician's skill level" }),
  requiredSkill: z.number().int().openapi({ description: 'The skill level the job needs' }),
  queuedHours: z.number().openapi({ description: 'Hours already on their timeline before this job' }),
  qualified: z.number().int().openapi({ description: 'How many active technicians have the skill' }),
});
export type ProposalReasonParts = z.infer<typeof ProposalReasonParts>;

export const DispatchProposal = z.object({
  technicianId: z.string(),
  projectedFinishAt: IsoDateTime,
  /** True also for a job with no promised time: there is nothing to miss. */
  meetsPromise: z.boolean(),
  /** Shown to the foreman so the suggestion can be understood and overridden (English; `reasonParts` as data). */
  reason: z.string(),
  reasonParts: ProposalReasonParts.openapi({ description: '`reason` as data, for wording it in any language' }),
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
  /**
   * When the parts it waits for are expected (db/stock.ts): it is not started before. Unset or null: its parts
   * are on the shelf, or it needs none.
   */
  partsExpectedAt?: string | null;
  /**
   * When the car came in (arrived at reception, else when the visit was opened): among jobs of the same priority
   * and promise, the one that has waited longest goes first. Unset or null: queued after those that say.
   */
  arrivedAt?: string | null;
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
  /** Why the job sits where it does in this technician's queue (English, worded from `reasonParts`). */
  reason: string;
  reasonParts: PlaceReasonParts;
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
const arrivedMs = (job: PlanJob) => (job.arrivedAt ? toEpochMs(job.arrivedAt) : Number.POSITIVE_INFINITY);

/**
 * The seed's dispatch order: priority, then earliest promise (none last), then first come first served (promises
 * often share a round hour, and a random visit id made the later car overtake), then visit id.
 */
export function compareJobs(a: PlanJob, b: PlanJob): number {
  return (
    priorityRank(a.reason) - priorityRank(b.reason) ||
    promiseMs(a) - promiseMs(b) ||
    // Both unknown: Infinity − Infinity is NaN, which `||` passes on like 0.
    arrivedMs(a) - arrivedMs(b) ||
    compareStrings(a.visitId, b.visitId)
  );
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
 * Why a job sits where it does in a queue, as data. What decides its place is its priority and whether a time was
 * promised. Reasons are read by people, so they carry no instants: the plan's fields hold those, and each screen
 * shows them in its own time zone.
 */
export const PLACE_REASON_KINDS = ['in_progress', 'dispatched', 'proposed', 'no_technician', 'waiting_for_parts'] as const;
export type PlaceReasonKind = (typeof PLACE_REASON_KINDS)[number];
export const PlaceReasonParts = z
  .object({
    kind: z.enum(PLACE_REASON_KINDS).openapi({
      description:
        'in_progress: work started, finished first; dispatched: behind the jobs handed over before it; proposed: behind the jobs already on the timeline, in dispatch order; no_technician: no active technician has the skill; waiting_for_parts: not started before its parts are expected',
    }),
    priority: PriorityReason,
    promised: z.boolean().openapi({ description: 'Whether a time was promised' }),
    ahead: z.number().int().openapi({ description: 'Jobs before it on the timeline' }),
    requiredSkill: z.number().int().openapi({ description: 'The skill level the job needs' }),
  })
  .openapi('PlaceReasonParts');
export type PlaceReasonParts = z.infer<typeof PlaceReasonParts>;

const jobsAhead = (n: number) => (n === 0 ? 'first in the queue' : `behind ${n} job${n > 1 ? 's' : ''}`);
const PLACE_TEXT = {
  in_progress: () => 'work started, so it is finished first',
  dispatched: (p) => `dispatched, ${jobsAhead(p.ahead)} handed over before it`,
  proposed: (p) =>
    `${jobsAhead(p.ahead)} already on this timeline, proposed in dispatch order (priority, then promise, then arrival)`,
  no_technician: (p) => `waiting for an active technician with skill ${p.requiredSkill}`,
  waiting_for_parts: () => 'waiting for parts, so it starts when they are expected',
} satisfies Record<PlaceReasonKind, (p: PlaceReasonParts) => string>;

/** The English of a place in the queue, for the API's `placeReason` / `reason` and the log. */
export const placeReasonText = (p: PlaceReasonParts) =>
  `${REASON_LABEL[p.priority]}, ${p.promised ? 'with a promised time' : 'no promised time'}: ${PLACE_TEXT[p.kind](p)}`;

export function placeReasonParts(job: PlanJob, kind: PlaceReasonKind, ahead = 0): PlaceReasonParts {
  return { kind, priority: job.reason, promised: job.promisedAt !== null, ahead, requiredSkill: job.requiredSkill };
}

const placeKind = (job: PlanJob, assigned: boolean, waitsForParts: boolean): PlaceReasonKind =>
  job.inProgress ? 'in_progress' : waitsForParts ? 'waiting_for_parts' : assigned ? 'dispatched' : 'proposed';

/** The first instant the job may start: when its technician is free, and not before its parts are expected. */
const readyMs = (job: PlanJob, freeMs: number) =>
  job.partsExpectedAt && !job.inProgress ? Math.max(freeMs, toEpochMs(job.partsExpectedAt)) : freeMs;

/** The English of a proposal, for the API's `reason` and the visit's history. */
export function proposalReasonText(p: ProposalReasonParts): string {
  const who = `${p.technicianName} (skill ${p.skillLevel} for a skill-${p.requiredSkill} job, ${p.queuedHours} h queued before it)`;
  if (p.kind === 'late') return `No qualified technician can finish by the promised time; ${who} finishes earliest.`;
  const of = p.qualified > 1 ? ` of ${p.qualified} qualified technicians` : '';
  return `${who} finishes earliest${of}${p.kind === 'by_promise' ? ', by the promised time' : ''}.`;
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
 * When `hours` of work started at `fromMs` end inside the working time. Work too long for ten years of it (a
 * hostile estimate of 10,000 hours a line on a short shift) runs around the clock past them (`addWorkingTimeOrClock`),
 * and nothing ends after the last instant a date can hold: the board always answers.
 */
function workEnd(fromMs: number, hours: number, open: readonly ShopCalendar[]): number {
  return Math.min(addWorkingTimeOrClock(fromMs, Math.round(hours * MS_PER_HOUR), open), LAST_INSTANT_MS);
}

/** The first working instant at or after `fromMs`. */
const workStart = (fromMs: number, open: readonly ShopCalendar[]) => workEnd(fromMs, 0, open);

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
 * (priority, promise, arrival, id), goes to the qualified technician who finishes it earliest, behind what is already
 * on their timeline; a job whose parts are still to arrive comes after those that can start and is not started before
 * the parts are expected. Earliest finish is what spreads the load (an idle technician always finishes first) and
 * what meets a promise whenever any qualified technician still can; among equal finishes the least senior
 * takes it, so seniors stay free for jobs only they can do. When nobody finishes by the promise, the job still
 * goes to the earliest finish, and the proposal says the promise is lost.
 */
export function planWorkshop(input: PlanInput): WorkshopPlan {
  const nowMs = toEpochMs(input.now);
  const staff = [...input.technicians].sort((a, b) => compareStrings(a.id, b.id));
  type Line = Timeline & { freeMs: number; open: ShopCalendar[] };
  const timelines = new Map<string, Line>();
  for (const technician of staff) {
    if (timelines.has(technician.id)) throw new RangeError(`Duplicate technician id: ${technician.id}`);
    timelines.set(technician.id, {
      technician,
      slots: [],
      hours: 0,
      freeMs: nowMs,
      open: workingTime(technician.shift, input.calendar),
    });
  }
  const seen = new Set<string>();
  for (const job of input.jobs) {
    if (seen.has(job.visitId)) throw new RangeError(`Duplicate job: ${job.visitId}`);
    seen.add(job.visitId);
  }

  const place = (line: Line, job: PlanJob, assigned: boolean) => {
    const hours = jobHours(job);
    const fromMs = readyMs(job, line.freeMs);
    const startMs = workStart(fromMs, line.open);
    const finishMs = workEnd(startMs, hours, line.open);
    const reasonParts = placeReasonParts(job, placeKind(job, assigned, fromMs > line.freeMs), line.slots.length);
    const slot: PlanSlot = {
      visitId: job.visitId,
      technicianId: line.technician.id,
      startAt: toIso(startMs),
      finishAt: toIso(finishMs),
      hours,
      assigned,
      meetsPromise: job.promisedAt === null ? null : finishMs <= toEpochMs(job.promisedAt),
      reason: placeReasonText(reasonParts),
      reasonParts,
    };
    line.slots.push(slot);
    line.hours += hours;
    line.freeMs = finishMs;
    return slot;
  };
  const finishOn = (line: Line, job: PlanJob) =>
    workEnd(workStart(readyMs(job, line.freeMs), line.open), jobHours(job), line.open);

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

  // A job waiting for parts goes after the jobs that can start now, so no technician idles for a delivery.
  const awaitsParts = (j: PlanJob) => (j.partsExpectedAt && toEpochMs(j.partsExpectedAt) > nowMs ? 1 : 0);
  const waiting = input.jobs
    .filter((j) => j.technicianId === null)
    .sort((a, b) => awaitsParts(a) - awaitsParts(b) || compareJobs(a, b));
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
    const meets = slot.meetsPromise !== false;
    const reasonParts: ProposalReasonParts = {
      kind: !meets ? 'late' : job.promisedAt ? 'by_promise' : 'no_promise',
      technicianName: t.name,
      skillLevel: t.skillLevel,
      requiredSkill: job.requiredSkill,
      queuedHours: round2(queued),
      qualified: candidates.length,
    };
    return {
      job,
      position: i + 1,
      proposal: {
        technicianId: t.id,
        projectedFinishAt: slot.finishAt,
        meetsPromise: meets,
        reason: proposalReasonText(reasonParts),
        reasonParts,
      },
    };
  });

  const lines = [...timelines.values()].map(({ freeMs: _free, open: _open, ...line }) => ({
    ...line,
    hours: round2(line.hours),
  }));
  const version = fingerprint(
    JSON.stringify([
      staff.map((t) => [t.id, t.skillLevel, t.shift]),
      [...input.jobs].sort((a, b) => compareStrings(a.visitId, b.visitId)),
      input.calendar ?? null,
    ]),
  );
  return { at: toIso(nowMs), version, timelines: lines, dispatch, orphaned };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export interface PlanInput {
  now: string;
  technicians: readonly PlanTechnician[];
  jobs: readonly PlanJob[];
  /** The shop's calendar: no work is planned while it is closed. Absent: the shifts alone. */
  calendar?: ShopCalendar;
}
