import { eq, sql } from 'drizzle-orm';
import type { CustomerInput, VehicleInput, VisitKind } from '../domain/visit.js';
import type { Database } from './client.js';
import { customers, vehicles, visits } from './schema.js';

type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'execute'>;

/**
 * The customer is the one given by id, else the one already on file with this phone number, else new.
 * Returns the customer id that the visit will carry.
 */
export async function upsertCustomer(db: Executor, input: CustomerInput, newId: string): Promise<string> {
  let id = input.id;
  if (!id) {
    const [existing] = await db.select({ id: customers.id }).from(customers).where(eq(customers.phone, input.phone)).limit(1);
    id = existing?.id ?? newId;
  }
  const fields = {
    name: input.name,
    phone: input.phone,
    email: input.email ?? null,
    address: input.address ?? null,
    preferredChannel: input.preferredChannel,
  };
  await db
    .insert(customers)
    .values({ id, ...fields })
    .onConflictDoUpdate({ target: customers.id, set: { ...fields, updatedAt: sql`now()` } });
  return id;
}

/** A vehicle is known by its VIN; a new owner or plate replaces the old one on file. */
export async function upsertVehicle(db: Executor, input: VehicleInput, customerId: string): Promise<void> {
  const fields = {
    customerId,
    plate: input.plate,
    model: input.model,
    year: input.year ?? null,
    ...(input.mileage === undefined ? {} : { mileage: input.mileage }),
  };
  await db
    .insert(vehicles)
    .values({ vin: input.vin, ...fields })
    .onConflictDoUpdate({ target: vehicles.vin, set: { ...fields, updatedAt: sql`now()` } });
}

export interface VisitRow {
  id: string;
  kind: VisitKind;
  stage: string;
  customerId: string;
  vin: string;
  plate: string;
  advisorId: string;
  appointmentAt?: string;
  requestedServices: string[];
  priorityReason: string;
}

/** Idempotent: the API writes it before starting the workflow and the workflow's first activity again. */
export async function insertVisit(db: Executor, row: VisitRow): Promise<void> {
  await db
    .insert(visits)
    .values({ ...row, appointmentAt: row.appointmentAt ? new Date(row.appointmentAt) : null })
    .onConflictDoNothing({ target: visits.id });
}
