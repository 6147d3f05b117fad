import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { complaints } from '../../db/care-schema.js';
import type { Database } from '../../db/client.js';
import { consents, customers, followUps, repairLines, vehicles, visitEvents, visits } from '../../db/schema.js';
import { phoneKey } from '../../domain/phone.js';

// Records written straight into the tables with hand-chosen times, so KPI figures can be computed by hand.

let n = 0;
const seq = () => String(++n).padStart(6, '0');
export const vinOf = (i: number) => `WVWZZZ1KZ${String(i).padStart(8, '0')}`;
export const at = (iso: string) => new Date(iso);

export async function customerWithVehicle(db: Database, vin: string) {
  const id = randomUUID();
  const phone = `+49 30 ${seq()}`;
  await db.insert(customers).values({ id, name: `Customer ${seq()}`, phone, phoneKey: phoneKey(phone) });
  await db.insert(vehicles).values({ vin, customerId: id, plate: `B-${seq().slice(-4)}`, model: 'VW Golf' });
  return id;
}

export interface VisitFixture {
  kind: 'appointment' | 'walk_in';
  stage: string;
  advisorId: string;
  technicianId?: string;
  vin: string;
  priorityReason?: string;
  createdAt: string;
  appointmentAt?: string;
  arrivedAt?: string;
  promisedAt?: string;
  deliveredAt?: string;
  reworkCount?: number;
  /** [type, at, toStage?] in order; visit_opened first. */
  events: [string, string, string?][];
  /** [kind, status, hours or units, totalCents, decidedAt, jobCode?, campaign? (a recall line the maker pays)] */
  lines?: [string, string, number, number, string, string?, boolean?][];
  followUps?: [string, boolean, number | null][];
}

export async function visitFixture(db: Database, v: VisitFixture): Promise<string> {
  const id = randomUUID();
  const [vehicle] = await db.select().from(vehicles).where(eq(vehicles.vin, v.vin));
  const customerId = vehicle?.customerId ?? (await customerWithVehicle(db, v.vin));
  const date = (iso?: string) => (iso ? at(iso) : null);
  await db.insert(visits).values({
    id,
    kind: v.kind,
    stage: v.stage,
    customerId,
    vin: v.vin,
    plate: vehicle?.plate ?? 'B-1',
    advisorId: v.advisorId,
    technicianId: v.technicianId ?? null,
    priorityReason: v.priorityReason ?? (v.kind === 'appointment' ? 'appointment' : 'walk_in'),
    createdAt: at(v.createdAt),
    appointmentAt: date(v.appointmentAt),
    arrivedAt: date(v.arrivedAt),
    promisedAt: date(v.promisedAt),
    deliveredAt: date(v.deliveredAt),
    reworkCount: v.reworkCount ?? 0,
  });
  let s = 0;
  for (const [type, when, toStage] of v.events) {
    s++;
    await db.insert(visitEvents).values({
      id: `${id}:${s}`,
      visitId: id,
      seq: s,
      type,
      toStage: toStage ?? null,
      actorId: 'fixture',
      actorRole: 'advisor',
      at: at(when),
    });
  }
  let l = 0;
  for (const [kind, status, quantity, totalCents, decidedAt, jobCode, campaign] of v.lines ?? []) {
    l++;
    const consentId = `${id}:C${l}`;
    await db.insert(consents).values({
      id: consentId,
      visitId: id,
      subject: 'estimate',
      method: 'signature',
      signedBy: 'Customer',
      recordedBy: 'fixture',
      lineIds: [`${id}:L${l}`],
      at: at(decidedAt),
    });
    await db.insert(repairLines).values({
      id: `${id}:L${l}`,
      visitId: id,
      source: 'estimate',
      kind,
      description: `${kind} ${l}`,
      jobCode: jobCode ?? null,
      quantity,
      unitPriceCents: Math.round(totalCents / quantity),
      totalCents,
      status,
      consentId,
      campaign: campaign ?? false,
    });
  }
  let f = 0;
  for (const [when, reached, satisfaction] of v.followUps ?? []) {
    f++;
    await db.insert(followUps).values({
      id: `${id}:follow-up:${f}`,
      visitId: id,
      attempt: f,
      reached,
      satisfaction,
      calledBy: 'fixture',
      at: at(when),
    });
  }
  return id;
}

export async function complaintFixture(
  db: Database,
  c: {
    visitId?: string;
    receivedAt: string;
    firstResponseDueAt: string;
    firstResponseAt?: string;
    resolutionDueAt: string;
    resolvedAt?: string;
  },
) {
  const id = `complaint-${randomUUID()}`;
  await db.insert(complaints).values({
    id,
    source: 'api',
    stage: c.resolvedAt ? 'outcome_reported' : 'assigned',
    visitId: c.visitId ?? null,
    description: 'Fixture complaint',
    receivedAt: at(c.receivedAt),
    firstResponseDueAt: at(c.firstResponseDueAt),
    firstResponseAt: c.firstResponseAt ? at(c.firstResponseAt) : null,
    resolutionDueAt: at(c.resolutionDueAt),
    resolvedAt: c.resolvedAt ? at(c.resolvedAt) : null,
  });
  return id;
}
