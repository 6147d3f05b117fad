import { and, asc, eq, gt, inArray, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import {
  type PlanInput,
  type PlanJob,
  type PlanTechnician,
  PriorityReason,
  planWorkshop,
  Shift,
  type WorkshopPlan,
} from '../domain/dispatch.js';
import { Stage } from '../domain/stages.js';
import { readKeptCalendar } from './calendar.js';
import type { Database } from './client.js';
import { customers, repairLines, technicians, vehicles, visitEvents, visitParts, visits } from './schema.js';

/** More than any workshop holds; keeps one bad day from turning the plan into a table scan. */
const MAX_JOBS = 5000;

/**
 * Stages whose approved work sits with the workshop: waiting for dispatch, in repair, and — only when a
 * technician already has the car — waiting for the customer to decide additional work (domain/dispatch.ts
 * `PlanJob` says why work awaiting approval is otherwise not planned).
 */
const PLANNED_STAGES = ['awaiting_dispatch', 'in_repair', 'awaiting_approval'] as const;

/** A visit's parts still short, whose expected arrival the job waits for (db/stock.ts keeps them). */
const awaitedParts = (visitId: SQL | typeof visits.id | string) =>
  and(eq(visitParts.visitId, visitId), gt(visitParts.short, 0), eq(visitParts.status, 'reserved'));
const isoOrNull = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

/** Every job the board shows: the planned ones plus the cars waiting for diagnosis and for quality control. */
export async function workshopRows(db: Database) {
  const approved = sql`${repairLines.status} = 'approved'`;
  const onBoard = or(
    inArray(visits.stage, ['awaiting_dispatch', 'in_repair', 'quality_check', 'diagnosis']),
    and(eq(visits.stage, 'awaiting_approval'), isNotNull(visits.technicianId)),
  );
  const events = db
    .select({
      visitId: visitEvents.visitId,
      // Handed to its technician: dispatched, or reassigned since (the job then waits behind theirs from that moment).
      dispatchedAt:
        sql<Date | null>`max(${visitEvents.at}) filter (where ${visitEvents.type} in ('dispatched', 'technician_reassigned'))`.as(
          'dispatched_at',
        ),
      startedAt: sql<Date | null>`max(${visitEvents.at}) filter (where ${visitEvents.type} = 'work_started')`.as('started_at'),
      // What stops the work: completed, or handed to another technician (who starts it again).
      completedAt:
        sql<Date | null>`max(${visitEvents.at}) filter (where ${visitEvents.type} in ('work_completed', 'technician_reassigned'))`.as(
          'completed_at',
        ),
    })
    .from(visitEvents)
    .where(
      and(
        // Only the visits on the board: the event log of every visit ever is not read.
        inArray(visitEvents.visitId, db.select({ id: visits.id }).from(visits).where(onBoard)),
        inArray(visitEvents.type, ['dispatched', 'work_started', 'work_completed', 'technician_reassigned']),
      ),
    )
    .groupBy(visitEvents.visitId)
    .as('work_events');
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
      technicianName: technicians.name,
      arrivedAt: visits.arrivedAt,
      createdAt: visits.createdAt,
      dispatchedAt: sql<string | null>`${events.dispatchedAt}`.mapWith((v) => (v ? new Date(v).toISOString() : null)),
      inProgress:
        sql<boolean>`coalesce(${events.startedAt} > coalesce(${events.completedAt}, '-infinity'::timestamptz), false)`.mapWith(
          Boolean,
        ),
      labourHours:
        sql<number>`coalesce(sum(${repairLines.quantity}) filter (where ${approved} and ${repairLines.kind} = 'labour'), 0)`.mapWith(
          Number,
        ),
      requiredSkill: sql<number>`coalesce(max(${repairLines.requiredSkill}) filter (where ${approved}), 1)`.mapWith(Number),
      partsExpectedAt: sql<
        string | null
      >`(select max(${visitParts.expectedAt}) from ${visitParts} where ${awaitedParts(visits.id)})`.mapWith(isoOrNull),
    })
    .from(visits)
    .innerJoin(customers, eq(customers.id, visits.customerId))
    .innerJoin(vehicles, eq(vehicles.vin, visits.vin))
    .leftJoin(repairLines, eq(repairLines.visitId, visits.id))
    .leftJoin(events, eq(events.visitId, visits.id))
    .leftJoin(technicians, eq(technicians.id, visits.technicianId))
    .where(onBoard)
    .groupBy(
      visits.id,
      vehicles.model,
      customers.name,
      technicians.name,
      events.dispatchedAt,
      events.startedAt,
      events.completedAt,
    )
    .orderBy(sql`${visits.promisedAt} asc nulls last`, asc(visits.createdAt), asc(visits.id))
    .limit(MAX_JOBS);
}
export type WorkshopRow = Awaited<ReturnType<typeof workshopRows>>[number];

const clampSkill = (n: number) => Math.min(3, Math.max(1, Math.round(n)));

/** When the car came in: at reception, else when its visit was opened (the board's queue for diagnosis reads it too). */
export const arrivalOf = (row: { arrivedAt: Date | null; createdAt: Date }): Date => row.arrivedAt ?? row.createdAt;

/** A read-model row as the planner sees it; null for a row the planner does not place. */
export function planJobOf(row: WorkshopRow): PlanJob | null {
  const stage = Stage.catch('reception').parse(row.stage);
  if (!(PLANNED_STAGES as readonly string[]).includes(stage)) return null;
  const assigned = stage !== 'awaiting_dispatch' && row.technicianId !== null;
  if (stage !== 'awaiting_dispatch' && !assigned) return null;
  return {
    visitId: row.visitId,
    reason: PriorityReason.catch('walk_in').parse(row.priorityReason),
    promisedAt: row.promisedAt ? row.promisedAt.toISOString() : null,
    requiredSkill: clampSkill(row.requiredSkill),
    hours: row.labourHours,
    technicianId: assigned ? row.technicianId : null,
    inProgress: assigned && row.inProgress,
    assignedAt: assigned ? row.dispatchedAt : null,
    partsExpectedAt: row.partsExpectedAt,
    arrivedAt: arrivalOf(row).toISOString(),
  };
}

export async function activeTechnicians(db: Database): Promise<PlanTechnician[]> {
  const rows = await db
    .select()
    .from(technicians)
    .where(eq(technicians.active, true))
    .orderBy(asc(technicians.id))
    .limit(MAX_JOBS);
  return rows.map((t) => ({ id: t.id, name: t.name, skillLevel: clampSkill(t.skillLevel), shift: shiftOf(t.shift) }));
}

/** A technician's shift as stored. The API stores only valid shifts; anything else read back is planned around the clock rather than failing the board. */
export const shiftOf = (stored: unknown): Shift | null => (stored === null ? null : (Shift.safeParse(stored).data ?? null));

export interface WorkshopReading {
  plan: WorkshopPlan;
  /** What the plan was computed from, for a rule that plans again with a change (domain/dispatch.ts `judgeAssignment`). */
  input: PlanInput;
  rows: WorkshopRow[];
  technicians: PlanTechnician[];
}

/**
 * The workshop's plan from the read model as it is now: the one plan the board, every visit's proposal and
 * the assignment check read. `also` adds a job the read model has not caught up with yet (a visit whose
 * move to dispatch is still being written), unless the model lists it already. Work is planned only while the
 * shop is open (its calendar once kept, in `timeZone`, the shop's) and the technician is on shift.
 */
export async function readWorkshop(db: Database, now: Date, timeZone: string, also?: PlanJob): Promise<WorkshopReading> {
  const [rows, staff, calendar] = await Promise.all([
    workshopRows(db),
    activeTechnicians(db),
    readKeptCalendar(db, timeZone, now),
  ]);
  const jobs = rows.map(planJobOf).filter((j): j is PlanJob => j !== null);
  if (also && !jobs.some((j) => j.visitId === also.visitId)) {
    const [[wait], [visit]] = await Promise.all([
      db
        .select({ at: sql<string | null>`max(${visitParts.expectedAt})`.mapWith(isoOrNull) })
        .from(visitParts)
        .where(awaitedParts(also.visitId)),
      db.select({ arrivedAt: visits.arrivedAt, createdAt: visits.createdAt }).from(visits).where(eq(visits.id, also.visitId)),
    ]);
    jobs.push({ ...also, partsExpectedAt: wait?.at ?? null, arrivedAt: visit ? arrivalOf(visit).toISOString() : null });
  }
  const input = { now: now.toISOString(), technicians: staff, jobs, calendar };
  return { plan: planWorkshop(input), input, rows, technicians: staff };
}
