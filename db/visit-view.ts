import { and, asc, eq, sql } from 'drizzle-orm';
import { PriorityReason } from '../domain/dispatch.js';
import { invoiceTotals, isCharged } from '../domain/money-rules.js';
import { ActorRole } from '../domain/roles.js';
import { Stage } from '../domain/stages.js';
import { VisitKind } from '../domain/visit.js';
import type { VisitFacts } from '../domain/visit-facts.js';
import { Lane, type Line, LineStatus, type TimelineEntry, type VisitState } from '../domain/visit-state.js';
import { alerts } from './care-schema.js';
import type { Database } from './client.js';
import { prepared } from './prepared.js';
import { customers, labourOperations, parts, repairLines, vehicles, visitEvents, visits } from './schema.js';

const iso = (d: Date | null) => d?.toISOString();

/** Line ids end in the visit's own counter (`…:L12`): the order the workflow added them. */
const lineNumber = (id: string) => Number(id.match(/(\d+)$/)?.[1] ?? 0);

function lineOf(row: typeof repairLines.$inferSelect, words: Line['catalogueWords'] | null): Line {
  return {
    id: row.id,
    source: row.source === 'additional_work' ? 'additional_work' : 'estimate',
    kind: row.kind === 'part' ? 'part' : 'labour',
    description: row.description,
    ...(row.jobCode === null ? {} : { jobCode: row.jobCode }),
    quantity: row.quantity,
    unitPriceCents: row.unitPriceCents,
    discountCents: row.discountCents,
    totalCents: row.totalCents,
    requiredSkill: Math.min(3, Math.max(1, row.requiredSkill)),
    campaign: row.campaign,
    recommended: row.recommended,
    status: LineStatus.catch('proposed').parse(row.status),
    ...(row.consentId === null ? {} : { consentId: row.consentId }),
    ...(row.offeredFromLineId === null ? {} : { offeredFromLineId: row.offeredFromLineId }),
    ...(row.catalogueRef === null ? {} : { catalogue: row.catalogueRef }),
    ...(words ? { catalogueWords: words } : {}),
  };
}

type EventRow = Awaited<ReturnType<ReturnType<typeof visitQueries>['events']['execute']>>[number];

function entryOf(row: EventRow): TimelineEntry {
  const from = Stage.safeParse(row.fromStage);
  const to = Stage.safeParse(row.toStage);
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    type: row.type,
    actor: { id: row.actorId, role: ActorRole.catch('system').parse(row.actorRole) },
    lane: Lane.catch('front_stage').parse(row.lane),
    ...(from.success && to.success ? { fromStage: from.data, toStage: to.data } : {}),
    summary: row.summary ?? row.type.replaceAll('_', ' '),
  };
}

/** A fact the visit no longer has is stored as null; the state leaves it out. */
const present = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

const byVisit = sql.placeholder('visitId');

/** readVisit's queries: an action's answer runs them, so they are built once (db/prepared.ts). */
const visitQueries = prepared((db) => ({
  head: db
    .select({ visit: visits, customer: customers, vehicle: vehicles })
    .from(visits)
    .innerJoin(customers, eq(customers.id, visits.customerId))
    .innerJoin(vehicles, eq(vehicles.vin, visits.vin))
    .where(eq(visits.id, byVisit))
    .limit(1)
    .prepare('visit_head'),
  lines: db
    .select({
      line: repairLines,
      operation: { description: labourOperations.description, translations: labourOperations.translations },
      part: { description: parts.description, translations: parts.translations },
    })
    .from(repairLines)
    .leftJoin(
      labourOperations,
      sql`${repairLines.catalogueRef}->>'kind' = 'labour_operation' and ${labourOperations.code} = ${repairLines.catalogueRef}->>'code'`,
    )
    .leftJoin(
      parts,
      sql`${repairLines.catalogueRef}->>'kind' = 'part' and ${parts.partNumber} = ${repairLines.catalogueRef}->>'code'`,
    )
    .where(eq(repairLines.visitId, byVisit))
    .prepare('visit_lines'),
  // Only what an entry shows: an event's data also holds what its action carried (signatures among it), which
  // every action's answer would otherwise read and parse again for the whole timeline.
  events: db
    .select({
      seq: visitEvents.seq,
      at: visitEvents.at,
      type: visitEvents.type,
      actorId: visitEvents.actorId,
      actorRole: visitEvents.actorRole,
      fromStage: visitEvents.fromStage,
      toStage: visitEvents.toStage,
      summary: sql<string | null>`${visitEvents.data}->>'summary'`,
      lane: sql<string | null>`${visitEvents.data}->>'lane'`,
    })
    .from(visitEvents)
    .where(eq(visitEvents.visitId, byVisit))
    .orderBy(asc(visitEvents.seq))
    .prepare('visit_events'),
  incidents: db
    .select()
    .from(alerts)
    .where(and(eq(alerts.kind, 'record_rejected'), eq(alerts.scope, 'visit'), eq(alerts.subject, byVisit)))
    .orderBy(asc(alerts.createdAt))
    .prepare('visit_incidents'),
}));

/**
 * The visit as the read model holds it, in the shape of the workflow's state (domain/visit-state.ts): the visits
 * row with its customer and vehicle, its lines, its timeline from visit_events (with lanes), its incidents from
 * the alerts, and the facts its events recorded (domain/visit-facts.ts says which part comes from where).
 * Null when no visit has this id. Never asks Temporal: it answers while the worker is down, and an action's
 * answer reads it after the action's own record write, which the update awaits.
 */
export async function readVisit(db: Database, visitId: string): Promise<VisitState | null> {
  const queries = visitQueries(db);
  const [head] = await queries.head.execute({ visitId });
  if (!head) return null;
  const [lineRows, eventRows, incidentRows] = await Promise.all([
    queries.lines.execute({ visitId }),
    queries.events.execute({ visitId }),
    queries.incidents.execute({ visitId }),
  ]);
  const { visit: v, customer, vehicle } = head;
  const f: VisitFacts = v.facts ?? {};
  const lines = lineRows
    .sort((a, b) => lineNumber(a.line.id) - lineNumber(b.line.id))
    .map((r) => lineOf(r.line, r.operation ?? r.part));
  return {
    visitId: v.id,
    kind: VisitKind.catch('walk_in').parse(v.kind),
    stage: Stage.catch('reception').parse(v.stage),
    customer: {
      id: customer.id,
      name: customer.name,
      phone: customer.phone,
      ...(customer.email === null ? {} : { email: customer.email }),
    },
    vehicle: {
      vin: vehicle.vin,
      plate: v.plate,
      model: vehicle.model,
      ...(vehicle.mileage === null ? {} : { mileage: vehicle.mileage }),
    },
    advisorId: v.advisorId,
    appointmentAt: iso(v.appointmentAt),
    requestedServices: f.requestedServices ?? v.requestedServices,
    priorityReason: PriorityReason.catch('walk_in').parse(v.priorityReason),
    openedAt: f.openedAt ?? v.createdAt.toISOString(),
    promisedAt: iso(v.promisedAt),
    atRisk: v.atRisk,
    late: v.late,
    reworkCount: v.reworkCount,
    taxRateBasisPoints: v.taxRateBasisPoints,
    lines,
    timeline: eventRows.map(entryOf),
    ...(incidentRows.length
      ? {
          incidents: incidentRows.map((a) => ({
            id: a.id,
            at: (a.failingSince ?? a.createdAt).toISOString(),
            activity: a.activity ?? '',
            cause: a.cause ?? '',
          })),
        }
      : {}),
    // Visits whose events were recorded before the facts document hold only their columns: those stand in.
    appointment: f.appointment ?? { confirmed: v.confirmed, confirmationCalls: 0, flaggedForAdvisor: false },
    arrival: present(f.arrival),
    inspection: present(f.inspection),
    warranty: present(f.warranty),
    diagnosis: present(f.diagnosis),
    declinedBefore: f.declinedBefore ?? [],
    approvals: f.approvals ?? [],
    dispatch: f.dispatch ?? { proposal: null, ...(v.technicianId ? { technicianId: v.technicianId } : {}) },
    work: f.work ?? { inProgress: false },
    qc: f.qc ?? [],
    totals: f.totals ?? totalsFromColumns(lines, v),
    pickup: present(f.pickup),
    followUp: f.followUp ?? { attempts: 0, reached: false, escalated: false, supervisorNotified: false },
    nextMaintenance: present(f.nextMaintenance),
  };
}

const cannotKeepRecorded = sql<boolean>`coalesce((${visits.facts} -> 'appointment' ->> 'cannotKeep')::boolean, false)`;

/**
 * Reached on the day-before call, the customer said they cannot keep the booked time (the visit's facts, which a
 * move resets): the advisor re-books them. The board and the call list read it here, in SQL beside their rows.
 * The latest answer stands: since `confirmation-latest-answer-wins` (workflows/steps/appointment.ts) each answer
 * clears the other, but a visit whose customer contradicted themselves before it holds both, and only there is the
 * visit's last answering event asked (a move clears both, so it is one about the booking as it stands).
 */
export const bookingCannotBeKept = sql<boolean>`(case when not ${visits.confirmed} or not ${cannotKeepRecorded}
  then ${cannotKeepRecorded}
  else coalesce((select ${visitEvents.data} ->> 'confirmed' = 'false' from ${visitEvents}
    where ${visitEvents.visitId} = ${visits.id}
      and (${visitEvents.type} = 'appointment_confirmed'
        or (${visitEvents.type} = 'confirmation_call_logged' and ${visitEvents.data} ->> 'reached' = 'true'
          and ${visitEvents.data} ->> 'confirmed' in ('true', 'false')))
    order by ${visitEvents.seq} desc limit 1), false)
  end)`;

/** The booking is confirmed and the customer has not said since that they cannot keep it. */
export const bookingConfirmed = sql<boolean>`(${visits.confirmed} and not ${bookingCannotBeKept})`;

/** For a visit recorded before the facts document: the charged lines' sums, and the tax the stored total implies. */
function totalsFromColumns(lines: Line[], visit: { totalCents: number | null; taxRateBasisPoints: number }) {
  const charged = lines.filter(isCharged);
  const net = invoiceTotals(charged, visit);
  const total = visit.totalCents ?? net.totalCents;
  return { ...net, taxCents: Math.max(0, total - net.subtotalCents), totalCents: total };
}
