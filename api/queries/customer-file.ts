import { z } from '@hono/zod-openapi';
import { and, asc, desc, eq, isNotNull, notInArray } from 'drizzle-orm';
import { createSelectSchema } from 'drizzle-zod';
import type { Database } from '../../db/client.js';
import { customers, declinedRecommendations, serviceHistory, vehicles, visits } from '../../db/schema.js';
import { averageDailyKm, MaintenanceDue, nextMaintenanceDue } from '../../domain/maintenance.js';
import { END_STAGES, Stage } from '../../domain/stages.js';
import { FileChange, fileHistory } from './customer-lookup.js';
import { iso, serializeDates } from './params.js';

const stamp = z.iso.datetime();

export const Customer = createSelectSchema(customers, {
  createdAt: stamp,
  updatedAt: stamp,
  phoneKey: (key) =>
    key.openapi({ description: 'What the file is found by: the number in international form (digits), else as written' }),
}).openapi('Customer');
export const Vehicle = createSelectSchema(vehicles, { createdAt: stamp, updatedAt: stamp }).openapi('Vehicle');
export const ServiceHistoryEntry = createSelectSchema(serviceHistory, { at: stamp }).openapi('ServiceHistoryEntry');
export const DeclinedRecommendation = createSelectSchema(declinedRecommendations, { declinedAt: stamp })
  .omit({ status: true, offeredInVisitId: true })
  .openapi('OpenDeclinedRecommendation');

export const NextMaintenance = MaintenanceDue.extend({
  source: z.enum(['workflow', 'service_history']).openapi({
    description:
      'workflow: what the visit told the customer at its last delivery, as recorded with it; service_history: computed from the mileage readings on file',
  }),
  visitId: z.string().openapi({ description: 'The delivered visit the figure comes from' }),
}).openapi('NextMaintenance');

export const OpenVisit = z
  .object({
    visitId: z.string(),
    roNumber: z.number().int(),
    stage: Stage,
    advisorId: z.string(),
    appointmentAt: z.string().nullable(),
    promisedAt: z.string().nullable(),
  })
  .openapi('OpenVisitSummary');

export const VehicleFile = z
  .object({
    vehicle: Vehicle,
    openVisits: z.array(OpenVisit),
    serviceHistory: z.array(ServiceHistoryEntry).openapi({ description: 'Newest first, at most `limit` entries' }),
    declinedRecommendations: z
      .array(DeclinedRecommendation)
      .openapi({ description: 'Work the customer declined that has not been offered again yet, newest first' }),
    nextMaintenance: NextMaintenance.nullable(),
  })
  .openapi('VehicleFile');
export type VehicleFile = z.infer<typeof VehicleFile>;

export const CustomerFile = z
  .object({
    customer: Customer,
    vehicles: z.array(VehicleFile),
    changes: z
      .array(FileChange)
      .openapi({ description: 'Changes to the customer’s and their vehicles’ files, newest first, at most `limit`' }),
  })
  .openapi('CustomerFile');
export type CustomerFile = z.infer<typeof CustomerFile>;

export const VehicleFileWithOwner = VehicleFile.extend({ customer: Customer }).openapi('VehicleFileWithOwner');
export type VehicleFileWithOwner = z.infer<typeof VehicleFileWithOwner>;

export interface FileDeps {
  db: Database;
  /** The shop's zone (`SHOP_TIME_ZONE`), whose calendar a next service is dated on. */
  timeZone: string;
}

/**
 * What the customer was told at the last delivery (the visit's recorded `nextMaintenance`, db/visit-view.ts),
 * else the same rule (`nextMaintenanceDue`) over the mileage readings in the service history.
 */
async function nextMaintenance(deps: FileDeps, vin: string): Promise<z.infer<typeof NextMaintenance> | null> {
  const [delivered] = await deps.db
    .select({ id: visits.id, facts: visits.facts })
    .from(visits)
    .where(and(eq(visits.vin, vin), isNotNull(visits.deliveredAt)))
    .orderBy(desc(visits.deliveredAt))
    .limit(1);
  // A visit recorded before its facts were kept (or with a figure that no longer reads) falls back on the rule.
  const told = MaintenanceDue.safeParse(delivered?.facts.nextMaintenance);
  if (delivered && told.success) return { ...told.data, source: 'workflow', visitId: delivered.id };
  const readings = await deps.db
    .select({ at: serviceHistory.at, mileage: serviceHistory.mileage, visitId: serviceHistory.visitId })
    .from(serviceHistory)
    .where(and(eq(serviceHistory.vin, vin), isNotNull(serviceHistory.mileage)))
    .orderBy(desc(serviceHistory.at))
    .limit(50);
  const last = readings[0];
  if (!last || last.mileage === null) return null;
  const history = readings.flatMap((r) => (r.mileage === null ? [] : [{ at: r.at.toISOString(), mileage: r.mileage }]));
  const due = nextMaintenanceDue({
    lastServiceAt: last.at.toISOString(),
    lastMileage: last.mileage,
    averageDailyKm: averageDailyKm(history),
    timeZone: deps.timeZone,
  });
  return { ...due, source: 'service_history', visitId: last.visitId };
}

async function vehicleFile(deps: FileDeps, vehicle: typeof vehicles.$inferSelect, limit: number): Promise<VehicleFile> {
  const { db } = deps;
  const [history, declined, open, due] = await Promise.all([
    db.select().from(serviceHistory).where(eq(serviceHistory.vin, vehicle.vin)).orderBy(desc(serviceHistory.at)).limit(limit),
    db
      .select()
      .from(declinedRecommendations)
      .where(and(eq(declinedRecommendations.vin, vehicle.vin), eq(declinedRecommendations.status, 'open')))
      .orderBy(desc(declinedRecommendations.declinedAt))
      .limit(limit),
    db
      .select({
        id: visits.id,
        roNumber: visits.roNumber,
        stage: visits.stage,
        advisorId: visits.advisorId,
        appointmentAt: visits.appointmentAt,
        promisedAt: visits.promisedAt,
      })
      .from(visits)
      .where(and(eq(visits.vin, vehicle.vin), notInArray(visits.stage, [...END_STAGES])))
      .orderBy(desc(visits.createdAt))
      .limit(limit),
    nextMaintenance(deps, vehicle.vin),
  ]);
  return {
    vehicle: serializeDates(vehicle),
    openVisits: open.map((v) => ({
      visitId: v.id,
      roNumber: v.roNumber,
      stage: Stage.catch('booked').parse(v.stage),
      advisorId: v.advisorId,
      appointmentAt: iso(v.appointmentAt),
      promisedAt: iso(v.promisedAt),
    })),
    serviceHistory: history.map(serializeDates),
    declinedRecommendations: declined.map(({ status: _s, offeredInVisitId: _o, ...d }) => serializeDates(d)),
    nextMaintenance: due,
  };
}

/** The customer file [S2]: the customer and, per vehicle, its history, open recommendations and next service. */
export async function customerFile(deps: FileDeps, customerId: string, limit: number): Promise<CustomerFile | null> {
  const [customer] = await deps.db.select().from(customers).where(eq(customers.id, customerId)).limit(1);
  if (!customer) return null;
  const owned = await deps.db
    .select()
    .from(vehicles)
    .where(eq(vehicles.customerId, customerId))
    .orderBy(asc(vehicles.createdAt), asc(vehicles.vin))
    .limit(limit);
  const [files, changes] = await Promise.all([
    Promise.all(owned.map((v) => vehicleFile(deps, v, limit))),
    fileHistory(deps.db, customerId, limit),
  ]);
  return { customer: serializeDates(customer), vehicles: files, changes };
}

export async function vehicleFileByVin(deps: FileDeps, vin: string, limit: number): Promise<VehicleFileWithOwner | null> {
  const [row] = await deps.db
    .select({ vehicle: vehicles, customer: customers })
    .from(vehicles)
    .innerJoin(customers, eq(customers.id, vehicles.customerId))
    .where(eq(vehicles.vin, vin))
    .limit(1);
  if (!row) return null;
  return { ...(await vehicleFile(deps, row.vehicle, limit)), customer: serializeDates(row.customer) };
}
