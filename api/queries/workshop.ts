import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import type { Database } from '../../db/client.js';
import { arrivalOf, readWorkshop, type WorkshopRow } from '../../db/workshop-plan.js';
import { AWAY_TODAY, awayToday, type ShopDay } from '../../domain/assignment-rules.js';
import {
  DispatchProposal,
  PlaceReasonParts,
  type PlanTechnician,
  PriorityReason,
  placeReasonParts,
  placeReasonText,
} from '../../domain/dispatch.js';
import { Stage } from '../../domain/stages.js';
import { iso } from './params.js';

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
    placeReason: z.string().openapi({ description: 'Why the job sits where it does in the queue (English)' }),
    placeReasonParts: PlaceReasonParts.openapi({ description: '`placeReason` as data, for wording it in any language' }),
    partsExpectedAt: z
      .string()
      .nullable()
      .openapi({ description: 'Waiting for parts: when they are expected; the job is not planned before. Null: none awaited' }),
  })
  .openapi('DispatchQueueEntry');

const AwayToday = z.enum(AWAY_TODAY).openapi({
  description:
    "off_rota: taken off the rota; shop_closed: the shop's calendar closes today (a holiday or a closed weekday); off_shift: no time today that both their shift and the opening hours hold",
});

export const WorkshopJob = z
  .object({
    ...JobSummary,
    stage: Stage,
    technicianId: z.string().nullable(),
    technicianName: z.string().nullable().openapi({ description: 'Whose job it is, by name (null: nobody yet)' }),
    assigneeOffRota: z.boolean().openapi({
      description:
        "Its technician does not work today, the shop's local day (taken off the rota, not on shift, or the shop is closed): the foreman may reassign it",
    }),
    assigneeAwayToday: AwayToday.nullable().openapi({
      description: 'Why its technician does not work today (null: they do, or nobody has the job)',
    }),
    requiredSkill: z.number().int().openapi({ description: 'Highest skill level any approved line needs' }),
    remainingHours: z.number().openapi({ description: 'Approved labour not done yet' }),
  })
  .openapi('WorkshopJob');

export const TechnicianLoad = z
  .object({
    id: z.string(),
    name: z.string(),
    skillLevel: z.number().int(),
    awayToday: AwayToday.nullable().openapi({
      description: 'Why they do not work today (null: they do): a job handed to them waits for their next working day',
    }),
    loadHours: z
      .number()
      .openapi({ description: 'Hours on their timeline: assigned work left plus the jobs the plan proposes to them' }),
    assignedHours: z.number().openapi({ description: 'Approved, unfinished labour already dispatched to them' }),
    jobs: z
      .array(
        z.object({
          visitId: z.string(),
          roNumber: z.number().int(),
          plate: z.string(),
          stage: Stage,
          promisedAt: z.string().nullable(),
          remainingHours: z.number(),
          assigned: z.boolean().openapi({ description: 'Dispatched already (false: the plan proposes it)' }),
          startAt: z.string(),
          projectedFinishAt: z.string(),
          meetsPromise: z.boolean().nullable(),
          reason: z.string().openapi({ description: 'Why the job sits where it does on this timeline (English)' }),
          reasonParts: PlaceReasonParts.openapi({ description: '`reason` as data, for wording it in any language' }),
        }),
      )
      .openapi({ description: 'Their timeline, in the order they work through it, inside their shift' }),
    jobsBehindPromise: z.number().int(),
  })
  .openapi('TechnicianLoad');

export const Workshop = z
  .object({
    at: z.string(),
    planVersion: z.string().openapi({
      description: 'Changes with any job or technician the plan is computed from; an assignment sends the one it was chosen from',
    }),
    boardVersion: z.string().openapi({
      description:
        'Changes with anything the board shows but the clock (the plan, and every car on the board): a wall screen refreshes on it',
    }),
    awaitingDispatch: z
      .array(DispatchQueueEntry)
      .openapi({ description: 'In dispatch order: priority, then promised time, then arrival' }),
    technicians: z.array(TechnicianLoad),
    waitingDiagnosis: z.array(WorkshopJob).openapi({ description: 'Cars waiting for (or in) diagnosis, arrived first first' }),
    inRepair: z.array(WorkshopJob).openapi({ description: 'Earliest promise first' }),
    qualityCheck: z.array(WorkshopJob).openapi({ description: 'Earliest promise first' }),
    totals: z.object({
      awaitingDispatch: z.number().int(),
      waitingDiagnosis: z.number().int(),
      inRepair: z.number().int(),
      qualityCheck: z.number().int(),
    }),
  })
  .openapi('Workshop');
export type Workshop = z.infer<typeof Workshop>;

const hours = (n: number) => Math.round(n * 100) / 100;

function summary(r: WorkshopRow) {
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

const workshopJob = (r: WorkshopRow, onRota: readonly PlanTechnician[], shop: ShopDay, nowMs: number) => {
  const away = r.technicianId === null ? undefined : awayToday(r.technicianId, onRota, shop, nowMs);
  return {
    ...summary(r),
    stage: Stage.catch('in_repair').parse(r.stage),
    technicianId: r.technicianId,
    technicianName: r.technicianName,
    assigneeOffRota: away !== undefined,
    assigneeAwayToday: away ?? null,
    requiredSkill: r.requiredSkill,
    remainingHours: hours(r.labourHours),
  };
};

/** What the board shows of each car, with the plan's version: a board refreshes when this changes. */
const boardVersionOf = (planVersion: string, rows: WorkshopRow[]) =>
  createHash('sha256')
    .update(
      JSON.stringify([
        planVersion,
        rows.map((r) => [r.visitId, r.stage, r.technicianId, r.promisedAt, r.atRisk, r.late, r.reworkCount, r.inProgress]),
      ]),
    )
    .digest('hex')
    .slice(0, 16);

/**
 * The workshop board: the workshop's plan (db/workshop-plan.ts, the same plan every visit's proposal and every
 * assignment is checked against) as the dispatch queue with a proposal each and every active technician's
 * timeline against the promises of their jobs, plus the cars waiting for diagnosis, in repair and in QC.
 */
export async function workshopBoard(db: Database, limit: number, timeZone: string, now = new Date()): Promise<Workshop> {
  const { plan, rows, technicians, input } = await readWorkshop(db, now, timeZone);
  // The rota is read on the shop's day against the calendar the plan keeps to.
  const shop: ShopDay = { timeZone, calendar: input.calendar };
  const jobOf = (r: WorkshopRow) => workshopJob(r, technicians, shop, now.getTime());
  const rowOf = new Map(rows.map((r) => [r.visitId, r]));
  const names = new Map(plan.timelines.map((l) => [l.technician.id, l.technician.name]));
  const slotOf = new Map(plan.timelines.flatMap((l) => l.slots.map((s) => [s.visitId, s] as const)));

  const technicianLoads = plan.timelines.map((line) => {
    const jobs = line.slots.flatMap((slot) => {
      const r = rowOf.get(slot.visitId);
      if (!r) return [];
      return [
        {
          visitId: slot.visitId,
          roNumber: r.roNumber,
          plate: r.plate,
          stage: Stage.catch('in_repair').parse(r.stage),
          promisedAt: iso(r.promisedAt),
          remainingHours: hours(slot.hours),
          assigned: slot.assigned,
          startAt: slot.startAt,
          projectedFinishAt: slot.finishAt,
          meetsPromise: slot.meetsPromise,
          reason: slot.reason,
          reasonParts: slot.reasonParts,
        },
      ];
    });
    return {
      id: line.technician.id,
      name: line.technician.name,
      skillLevel: line.technician.skillLevel,
      awayToday: awayToday(line.technician.id, technicians, shop, now.getTime()) ?? null,
      loadHours: line.hours,
      assignedHours: hours(jobs.filter((j) => j.assigned).reduce((sum, j) => sum + j.remainingHours, 0)),
      jobs,
      jobsBehindPromise: jobs.filter((j) => j.meetsPromise === false).length,
    };
  });

  const queue = plan.dispatch.flatMap(({ job, position, proposal }) => {
    const r = rowOf.get(job.visitId);
    if (!r) return [];
    const place = slotOf.get(job.visitId)?.reasonParts ?? placeReasonParts(job, 'no_technician');
    return [
      {
        position,
        ...summary(r),
        requiredSkill: job.requiredSkill,
        estimatedHours: hours(r.labourHours),
        partsExpectedAt: r.partsExpectedAt,
        proposal: proposal ? { ...proposal, technicianName: names.get(proposal.technicianId) ?? proposal.technicianId } : null,
        placeReason: placeReasonText(place),
        placeReasonParts: place,
      },
    ];
  });
  const byStage = (stage: Stage) => rows.filter((r) => r.stage === stage);
  const waitingDiagnosis = byStage('diagnosis').sort((a, b) => arrivalOf(a).getTime() - arrivalOf(b).getTime());
  const inRepair = byStage('in_repair');
  const qualityCheck = byStage('quality_check');

  return {
    at: plan.at,
    planVersion: plan.version,
    boardVersion: boardVersionOf(plan.version, rows),
    awaitingDispatch: queue.slice(0, limit),
    technicians: technicianLoads.slice(0, limit),
    waitingDiagnosis: waitingDiagnosis.slice(0, limit).map(jobOf),
    inRepair: inRepair.slice(0, limit).map(jobOf),
    qualityCheck: qualityCheck.slice(0, limit).map(jobOf),
    totals: {
      awaitingDispatch: queue.length,
      waitingDiagnosis: waitingDiagnosis.length,
      inRepair: inRepair.length,
      qualityCheck: qualityCheck.length,
    },
  };
}
