import { asc, eq } from 'drizzle-orm';
import type { CareEntry } from '../domain/care-records.js';
import { ComplaintSource, ComplaintStage, type ComplaintState } from '../domain/complaints.js';
import { RescueStage, type RescueState } from '../domain/rescue.js';
import { careEvents, complaints, rescues } from './care-schema.js';
import type { Database } from './client.js';
import { customers } from './schema.js';

// Complaints and rescues as their read model holds them, in the shape of their workflows' state (what the
// `state` query answers, for diagnosis): the row with the customer's name and the timeline from care_events.
// Never asks Temporal: they answer while the worker is down, and a step's answer reads them after the step's
// own save, which its update awaits.

const iso = (d: Date | null) => d?.toISOString();
/** A field the row holds as null is absent from the state, as in the workflow's. */
const present = <T>(value: T | null): T | undefined => value ?? undefined;

async function timelineOf(db: Database, subjectId: string): Promise<CareEntry[]> {
  const rows = await db.select().from(careEvents).where(eq(careEvents.subjectId, subjectId)).orderBy(asc(careEvents.seq));
  return rows.map((e) => ({
    at: e.at.toISOString(),
    type: e.type,
    actorId: e.actorId,
    summary: e.summary,
    ...(e.detail ? { detail: e.detail } : {}),
  }));
}

/** The complaint, its row and timeline; null when no complaint has this id. */
export async function readComplaint(db: Database, complaintId: string) {
  const [head] = await db
    .select({ c: complaints, name: customers.name })
    .from(complaints)
    .leftJoin(customers, eq(customers.id, complaints.customerId))
    .where(eq(complaints.id, complaintId))
    .limit(1);
  if (!head) return null;
  const { c, name } = head;
  const outcome = c.outcome as ComplaintState['outcome'] | null;
  const state: ComplaintState = {
    complaintId: c.id,
    source: ComplaintSource.catch('api').parse(c.source),
    stage: ComplaintStage.catch('received').parse(c.stage),
    receivedAt: c.receivedAt.toISOString(),
    description: c.description,
    customer: c.customerId && name !== null ? { id: c.customerId, name } : undefined,
    visitId: present(c.visitId),
    plate: present(c.plate),
    hotlineCallId: present(c.hotlineCallId),
    satisfaction: present(c.satisfaction),
    assigneeId: present(c.assigneeId),
    firstResponseDueAt: c.firstResponseDueAt.toISOString(),
    firstResponseAt: iso(c.firstResponseAt),
    resolutionDueAt: c.resolutionDueAt.toISOString(),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    escalated: {
      ...(c.firstResponseEscalatedAt ? { first_response: c.firstResponseEscalatedAt.toISOString() } : {}),
      ...(c.resolutionEscalatedAt ? { resolution: c.resolutionEscalatedAt.toISOString() } : {}),
    },
    solution: present(c.solution),
    outcome: present(outcome),
    customerAccepted: present(c.customerAccepted),
    timeline: await timelineOf(db, c.id),
  };
  return { record: c, state };
}

/** The rescue, its row and timeline; null when no rescue has this id. */
export async function readRescue(db: Database, rescueId: string) {
  const [head] = await db
    .select({ r: rescues, name: customers.name })
    .from(rescues)
    .leftJoin(customers, eq(customers.id, rescues.customerId))
    .where(eq(rescues.id, rescueId))
    .limit(1);
  if (!head) return null;
  const { r, name } = head;
  const state: RescueState = {
    rescueId: r.id,
    stage: RescueStage.catch('dispatched').parse(r.stage),
    customer: { id: r.customerId ?? '', name: name ?? '' },
    location: r.location,
    problem: r.problem,
    plate: present(r.plate),
    hotlineCallId: present(r.hotlineCallId),
    dispatchedAt: r.dispatchedAt.toISOString(),
    crew: present(r.crew),
    etaAt: iso(r.etaAt),
    onTheWayAt: iso(r.onTheWayAt),
    arrivedAt: iso(r.arrivedAt),
    endedAt: iso(r.endedAt),
    etaMissed: r.etaMissedCount,
    setOutEscalated: r.setOutEscalated,
    visitId: present(r.visitId),
    timeline: await timelineOf(db, r.id),
  };
  return { record: r, state };
}
