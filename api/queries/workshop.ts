import { z } from '@hono/zod-openapi';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { customers, repairLines, technicians, vehicles, visits } from '../../db/schema.js';
import { DispatchProposal, type Job, PriorityReason, planDispatch, type Technician } from '../../domain/dispatch.js';
import { Stage } from '../../domain/stages.js';
import { MS_PER_HOUR } from '../../domain/time.js';
import { iso } from './params.js';

/** Stands in for a missing promise so such a job sorts last within its priority. */
const NO_PROMISE = '9999-12-31T23:59:59.999Z';
/** A job with no approved labour (parts only) still occupies a technician for a moment. */
const MIN_PLANNING_HOURS = 0.1;

const JobSummary = {
  visitId: z.string(),
  roNumber: z.number().int(),
  plate: z.string(),
  model: z.string(),
  customerName: z.string(),
  advisorId: z.string(),
  priorityReason: PriorityReason,
  promisedAt: z.string().nullable(),
  atRisk: z.boolean(),
  late: z.boolean(),
  reworkCount: z.number().int(),
};

export const DispatchQueueEntry = z
  .object({
    position: z.number().int().openapi({ description: '1 is dispatched first' }),
    ...JobSummary,
    requiredSkill: z.number().int().openapi({ description: 'Highest skill level any approved line needs' }),
    estimatedHours: z.number().openapi({ description: 'Approved labour hours' }),
    proposal: DispatchProposal.extend({ technicianName: z.string() })
      .nullable()
      .openapi({ description: 'Who should take it (null: no active technician has the skill)' }),
  })
  .openapi('DispatchQueueEntry');

export const WorkshopJob = z
  .object({
    ...JobSummary,
    stage: Stage,
    technicianId: z.string().nullable(),
    remainingHours: z.number().openapi({ description: 'Approved labour not done yet' }),
  })
  .openapi('WorkshopJob');

export const TechnicianLoad = z
  .object({
    id: z.string(),
    name: z.string(),
    skillLevel: z.number().int(),
    loadHours: z.number().openapi({ description: 'Approved, unfinished labour on jobs in repair or QC assigned to them' }),
    jobs: z.array(
      z.object({
        visitId: z.string(),
        roNumber: z.number().int(),
        plate: z.string(),
        stage: Stage,
        promisedAt: z.string().nullable(),
        remainingHours: z.number(),
        projectedFinishAt: z.string().openapi({ description: 'If worked in promised-time order from now' }),
        meetsPromise: z.boolean().nullable(),
      }),
    ),
    jobsBehindPromise: z.number().int(),
  })
  .openapi('TechnicianLoad');

export const Workshop = z
  .object({
    at: z.string(),
    awaitingDispatch: z.array(DispatchQueueEntry).openapi({ description: 'In dispatch order: priority, then promised time' }),
    technicians: z.array(TechnicianLoad),
    inRepair: z.array(WorkshopJob).openapi({ description: 'Earliest promise first' }),
    qualityCheck: z.array(WorkshopJob).openapi({ description: 'Earliest promise first' }),
    totals: z.object({ awaitingDispatch: z.number().int(), inRepair: z.number().int(), qualityCheck: z.number().int() }),
  })
  .openapi('Workshop');
export type Workshop = z.infer<typeof Workshop>;

/** More than any workshop holds; keeps one bad day from turning the board into a table scan. */
const MAX_JOBS = 5000;

async function jobsAt(db: Database, stages: Stage[]) {
  const approved = sql`${repairLines.status} = 'approved'`;
  return db
    .select({
      visitId: visits.id,
      roNumber: visits.roNumber,
      stage: visits.stage,
      plate: visits.plate,
      model: vehicles.model,
      customerName: customers.name,
      advisorId: visits.advisorId,
      priorityReason: visits.priorityReason,
      promisedAt: visits.promisedAt,
      atRisk: visits.atRisk,
      late: visits.late,
      reworkCount: visits.reworkCount,
      technicianId: visits.technicianId,
      createdAt: visits.createdAt,
      labourHours:
        sql<number>`coalesce(sum(${repairLines.quantity}) filter (where ${approved} and ${repairLines.kind} = 'labour'), 0)`.mapWith(
          Number,
        ),
      requiredSkill: sql<number>`coalesce(max(${repairLines.requiredSkill}) filter (where ${approved}), 1)`.mapWith(Number),
    })
    .from(visits)
    .innerJoin(customers, eq(customers.id, visits.customerId))
    .innerJoin(vehicles, eq(vehicles.vin, visits.vin))
    .leftJoin(repairLines, eq(repairLines.visitId, visits.id))
    .where(inArray(visits.stage, stages))
    .groupBy(visits.id, vehicles.model, customers.name)
    .orderBy(sql`${visits.promisedAt} asc nulls last`, asc(visits.createdAt), asc(visits.id))
    .limit(MAX_JOBS);
}

type JobRow = Awaited<ReturnType<typeof jobsAt>>[number];

const clampSkill = (n: number) => Math.min(3, Math.max(1, Math.round(n)));
const hours = (n: number) => Math.round(n * 100) / 100;

function summary(r: JobRow) {
  return {
    visitId: r.visitId,
    roNumber: r.roNumber,
    plate: r.plate,
    model: r.model,
    customerName: r.customerName,
    advisorId: r.advisorId,
    priorityReason: PriorityReason.catch('walk_in').parse(r.priorityReason),
    promisedAt: iso(r.promisedAt),
    atRisk: r.atRisk,
    late: r.late,
    reworkCount: r.reworkCount,
  };
}

/**
 * The workshop board: the dispatch queue in the seed's priority order with a proposed technician each
 * (domain/dispatch.ts `planDispatch`), every active technician's load against the promises of their jobs,
 * and what is in repair and in quality control.
 */
export async function workshopBoard(db: Database, limit: number, now = new Date()): Promise<Workshop> {
  const nowIso = now.toISOString();
  const [waiting, working, staff] = await Promise.all([
    jobsAt(db, ['awaiting_dispatch']),
    jobsAt(db, ['in_repair', 'quality_check']),
    db.select().from(technicians).where(eq(technicians.active, true)).orderBy(asc(technicians.id)).limit(MAX_JOBS),
  ]);

  const assigned = new Map<string, JobRow[]>();
  for (const job of working) {
    if (!job.technicianId) continue;
    const list = assigned.get(job.technicianId) ?? [];
    list.push(job);
    assigned.set(job.technicianId, list);
  }

  const loads = staff.map((t) => {
    // `working` is already in promised-time order: the technician is assumed to work through it that way.
    let finishMs = now.getTime();
    const jobs = (assigned.get(t.id) ?? []).map((j) => {
      finishMs += Math.round(j.labourHours * MS_PER_HOUR);
      const meetsPromise = j.promisedAt ? finishMs <= j.promisedAt.getTime() : null;
      return {
        visitId: j.visitId,
        roNumber: j.roNumber,
        plate: j.plate,
        stage: Stage.catch('in_repair').parse(j.stage),
        promisedAt: iso(j.promisedAt),
        remainingHours: hours(j.labourHours),
        projectedFinishAt: new Date(finishMs).toISOString(),
        meetsPromise,
      };
    });
    const loadHours = hours(jobs.reduce((sum, j) => sum + j.remainingHours, 0));
    return {
      id: t.id,
      name: t.name,
      skillLevel: t.skillLevel,
      loadHours,
      jobs,
      jobsBehindPromise: jobs.filter((j) => j.meetsPromise === false).length,
    };
  });

  const planningStaff: Technician[] = loads.map((t) => ({
    id: t.id,
    name: t.name,
    skillLevel: clampSkill(t.skillLevel),
    active: true,
    loadHours: t.loadHours,
  }));
  const queue: (Job & { row: JobRow })[] = waiting.map((row) => ({
    visitId: row.visitId,
    reason: PriorityReason.catch('walk_in').parse(row.priorityReason),
    promisedAt: row.promisedAt ? row.promisedAt.toISOString() : NO_PROMISE,
    requiredSkill: clampSkill(row.requiredSkill),
    estimatedHours: Math.max(MIN_PLANNING_HOURS, row.labourHours),
    row,
  }));
  const names = new Map(staff.map((t) => [t.id, t.name]));
  const plan = planDispatch(queue, planningStaff, nowIso);

  const workshopJob = (r: JobRow) => ({
    ...summary(r),
    stage: Stage.catch('in_repair').parse(r.stage),
    technicianId: r.technicianId,
    remainingHours: hours(r.labourHours),
  });
  const inRepair = working.filter((r) => r.stage === 'in_repair');
  const qualityCheck = working.filter((r) => r.stage === 'quality_check');

  return {
    at: nowIso,
    awaitingDispatch: plan.slice(0, limit).map(({ job, proposal }, i) => ({
      position: i + 1,
      ...summary(job.row),
      requiredSkill: job.requiredSkill,
      estimatedHours: hours(job.row.labourHours),
      proposal: proposal ? { ...proposal, technicianName: names.get(proposal.technicianId) ?? proposal.technicianId } : null,
    })),
    technicians: loads.slice(0, limit),
    inRepair: inRepair.slice(0, limit).map(workshopJob),
    qualityCheck: qualityCheck.slice(0, limit).map(workshopJob),
    totals: { awaitingDispatch: waiting.length, inRepair: inRepair.length, qualityCheck: qualityCheck.length },
  };
}
