import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';
import { IsoDateTime, MS_PER_HOUR, toEpochMs, toIso } from './time.js';

// Seed [S1] step 5: campaigns/recalls > comebacks > appointments > warranty > customers waiting on
// site. A walk-in with none of those claims queues behind all of them.
export const PriorityReason = z.enum(['recall', 'rework', 'appointment', 'warranty', 'waiting', 'walk_in']);
export type PriorityReason = z.infer<typeof PriorityReason>;

export const PRIORITY_ORDER: readonly PriorityReason[] = Object.freeze([...PriorityReason.options]);

/** 0 is the most urgent. */
export function priorityRank(reason: PriorityReason): number {
  return PRIORITY_ORDER.indexOf(reason);
}

export const SkillLevel = z.number().int().min(1).max(3);
export type SkillLevel = z.infer<typeof SkillLevel>;

export const Job = lazySchema(() =>
  z.object({
    visitId: z.string().min(1),
    reason: PriorityReason,
    promisedAt: IsoDateTime,
    requiredSkill: SkillLevel,
    estimatedHours: z.number().positive(),
  }),
);
export type Job = z.infer<typeof Job>;

export const Technician = lazySchema(() =>
  z.object({
    id: z.string().min(1),
    name: z.string(),
    skillLevel: SkillLevel,
    active: z.boolean(),
    /** Hours of work already assigned and not finished. */
    loadHours: z.number().nonnegative(),
    /** Before this instant the technician cannot start anything (shift start, break, training). */
    availableFrom: IsoDateTime.optional(),
  }),
);
export type Technician = z.infer<typeof Technician>;

export const DispatchProposal = lazySchema(() =>
  z.object({
    technicianId: z.string(),
    projectedFinishAt: IsoDateTime,
    meetsPromise: z.boolean(),
    /** Shown to the foreman so the suggestion can be understood and overridden. */
    reason: z.string(),
  }),
);
export type DispatchProposal = z.infer<typeof DispatchProposal>;

export const DispatchPlanEntry = lazySchema(() =>
  z.object({
    job: Job,
    proposal: DispatchProposal.nullable(),
  }),
);
export type DispatchPlanEntry = z.infer<typeof DispatchPlanEntry>;

// Code-unit comparison, not localeCompare: the order must be identical on every worker.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Priority, then earliest promise, then visitId; returns a new array. */
export function orderJobs<J extends Job>(jobs: readonly J[]): J[] {
  const keyed = jobs.map((job) => ({
    job,
    rank: priorityRank(Job.parse(job).reason),
    promisedMs: toEpochMs(job.promisedAt),
  }));
  keyed.sort((a, b) => a.rank - b.rank || a.promisedMs - b.promisedMs || compareStrings(a.job.visitId, b.job.visitId));
  return keyed.map((k) => k.job);
}

interface Candidate {
  tech: Technician;
  finishMs: number;
}

// Among on-time candidates the least senior one is taken so seniors stay free for hard jobs.
function compareOnTime(a: Candidate, b: Candidate): number {
  return a.tech.skillLevel - b.tech.skillLevel || a.tech.loadHours - b.tech.loadHours || compareStrings(a.tech.id, b.tech.id);
}

// When the promise is lost anyway, the customer's wait matters more than seniority.
function compareLate(a: Candidate, b: Candidate): number {
  return a.finishMs - b.finishMs || compareOnTime(a, b);
}

function minBy<T>(items: readonly T[], compare: (a: T, b: T) => number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || compare(item, best) < 0) best = item;
  return best;
}

/**
 * Work is assumed to start at max(now, availableFrom) and run after the technician's current
 * load, so projected finish = start + loadHours + estimatedHours.
 */
export function proposeTechnician(job: Job, technicians: readonly Technician[], now: string): DispatchProposal | null {
  const j = Job.parse(job);
  const nowMs = toEpochMs(now);
  const promisedMs = toEpochMs(j.promisedAt);
  const candidates: Candidate[] = technicians
    .map((t) => Technician.parse(t))
    .filter((t) => t.active && t.skillLevel >= j.requiredSkill)
    .map((tech) => {
      const startMs = tech.availableFrom === undefined ? nowMs : Math.max(nowMs, toEpochMs(tech.availableFrom));
      const finishMs = startMs + Math.round((tech.loadHours + j.estimatedHours) * MS_PER_HOUR);
      return { tech, finishMs };
    });

  const onTime = minBy(
    candidates.filter((c) => c.finishMs <= promisedMs),
    compareOnTime,
  );
  const chosen = onTime ?? minBy(candidates, compareLate);
  if (chosen === undefined) return null;

  const { tech, finishMs } = chosen;
  const finishIso = toIso(finishMs);
  const promisedIso = toIso(promisedMs);
  const profile = `skill ${tech.skillLevel} for a skill-${j.requiredSkill} job, ${tech.loadHours}h already queued`;
  return {
    technicianId: tech.id,
    projectedFinishAt: finishIso,
    meetsPromise: onTime !== undefined,
    reason:
      onTime !== undefined
        ? `${tech.name} (${profile}) is the least senior technician who finishes by the promised time: ${finishIso} <= ${promisedIso}.`
        : `No qualified technician can finish by the promised time ${promisedIso}; ${tech.name} (${profile}) finishes earliest, at ${finishIso}.`,
  };
}

/**
 * Proposals in priority order, each one adding its hours to the chosen technician's load so
 * later, less urgent jobs see the workshop as it will be.
 */
export function planDispatch<J extends Job>(
  jobs: readonly J[],
  technicians: readonly Technician[],
  now: string,
): Array<{ job: J; proposal: DispatchProposal | null }> {
  const loads = new Map<string, number>();
  for (const t of technicians) {
    if (loads.has(t.id)) throw new RangeError(`Duplicate technician id: ${t.id}`);
    loads.set(t.id, t.loadHours);
  }
  return orderJobs(jobs).map((job) => {
    const current = technicians.map((t) => ({ ...t, loadHours: loads.get(t.id) ?? t.loadHours }));
    const proposal = proposeTechnician(job, current, now);
    if (proposal !== null) {
      loads.set(proposal.technicianId, (loads.get(proposal.technicianId) ?? 0) + job.estimatedHours);
    }
    return { job, proposal };
  });
}
