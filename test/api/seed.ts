import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import {
  customers,
  declinedRecommendations,
  repairLines,
  serviceHistory,
  tasks,
  technicians,
  vehicles,
  visits,
} from '../../db/schema.js';
import { phoneKey } from '../../domain/phone.js';

// Rows written straight into the records, for the read routes (the activities that normally write them are
// exercised by the workflow tests).

let counter = 0;
const next = () => {
  counter++;
  return `${counter}${Math.floor(Math.random() * 1e6)}`.padStart(6, '0').slice(-6);
};

/** A valid 17-character VIN (no I, O or Q). */
export const testVin = () =>
  `WDBZZZ${String(++counter).padStart(5, '0')}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;

export async function seedCustomer(db: Database, fields: Partial<typeof customers.$inferInsert> = {}) {
  const id = fields.id ?? randomUUID();
  const phone = fields.phone ?? `+49 30 ${next()}`;
  await db.insert(customers).values({ id, name: `Customer ${next()}`, phoneKey: phoneKey(phone), ...fields, phone });
  return id;
}

export async function seedVehicle(db: Database, customerId: string, fields: Partial<typeof vehicles.$inferInsert> = {}) {
  const vin = fields.vin ?? testVin();
  await db.insert(vehicles).values({ vin, customerId, plate: `B-${next()}`, model: 'VW Golf', ...fields });
  return vin;
}

/** A customer, their vehicle and a visit; `fields` overrides any visit column. */
export async function seedVisit(
  db: Database,
  fields: Partial<typeof visits.$inferInsert> & { customerName?: string; model?: string } = {},
) {
  const { customerName, model, ...visitFields } = fields;
  const customerId = visitFields.customerId ?? (await seedCustomer(db, customerName ? { name: customerName } : {}));
  const vin = visitFields.vin ?? (await seedVehicle(db, customerId, model ? { model } : {}));
  const id = visitFields.id ?? randomUUID();
  const [vehicle] = await db.select({ plate: vehicles.plate }).from(vehicles).where(eq(vehicles.vin, vin));
  await db.insert(visits).values({
    id,
    kind: 'walk_in',
    stage: 'reception',
    customerId,
    vin,
    plate: vehicle?.plate ?? 'B-000',
    advisorId: 'adv-lena',
    priorityReason: 'walk_in',
    ...visitFields,
  });
  return { id, customerId, vin };
}

export async function seedLine(db: Database, visitId: string, fields: Partial<typeof repairLines.$inferInsert> = {}) {
  const id = fields.id ?? `${visitId}:L${next()}`;
  await db.insert(repairLines).values({
    id,
    visitId,
    source: 'estimate',
    kind: 'labour',
    description: 'Work',
    quantity: 1,
    unitPriceCents: 9_000,
    totalCents: 9_000,
    status: 'approved',
    ...fields,
  });
  return id;
}

export async function seedTechnician(db: Database, fields: Partial<typeof technicians.$inferInsert> & { id: string }) {
  await db.insert(technicians).values({ name: fields.id, skillLevel: 2, ...fields });
  return fields.id;
}

export async function seedTask(db: Database, fields: Partial<typeof tasks.$inferInsert> = {}) {
  const id = fields.id ?? `task-${next()}`;
  await db.insert(tasks).values({
    id,
    kind: 'follow_up_call',
    assigneeRole: 'advisor',
    title: 'Call the customer',
    dueAt: new Date(),
    ...fields,
  });
  return id;
}

export async function seedServiceHistory(
  db: Database,
  visit: { id: string; vin: string },
  fields: Partial<typeof serviceHistory.$inferInsert> = {},
) {
  await db.insert(serviceHistory).values({
    visitId: visit.id,
    vin: visit.vin,
    roNumber: 1,
    advisorId: 'adv-lena',
    jobType: 'maintenance',
    description: 'Annual service',
    totalCents: 20_000,
    at: new Date(),
    ...fields,
  });
}

export async function seedDeclined(
  db: Database,
  visit: { id: string; vin: string },
  fields: Partial<typeof declinedRecommendations.$inferInsert> = {},
) {
  const lineId = fields.lineId ?? `${visit.id}:D${next()}`;
  await db.insert(declinedRecommendations).values({
    lineId,
    vin: visit.vin,
    visitId: visit.id,
    description: 'Wiper blades',
    kind: 'part',
    quantity: 2,
    unitPriceCents: 1_800,
    totalCents: 3_600,
    declinedAt: new Date(),
    ...fields,
  });
  return lineId;
}
