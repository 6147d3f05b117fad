import { eq, sql } from 'drizzle-orm';
import { changedFields } from '../domain/customer-file.js';
import { type CustomerInput, phoneKey, type VehicleInput, type VisitKind } from '../domain/visit.js';
import type { Database } from './client.js';
import { recordFileChanges } from './file-records.js';
import { lockUntilCommit } from './locks.js';
import { customers, phoneKeyOf, vehicles, visits } from './schema.js';

type Executor = Pick<Database, 'select' | 'insert' | 'update' | 'execute'>;

/** Only the fields a request actually carries: a blank or missing field never overwrites what is on file. */
function given<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}

export interface CustomerOnFile {
  id: string;
  name: string;
  phone: string;
  email: string | null;
}

/**
 * The customer is the one given by id, else the one already on file with this phone number, else new.
 * A returning customer's file keeps every stored field the booking leaves blank (a new customer gets SMS as
 * the channel unless one is given). Returns the file as it now stands, which the visit carries.
 */
export async function upsertCustomer(
  db: Executor,
  input: CustomerInput,
  newId: string,
  changedBy = 'system',
): Promise<CustomerOnFile> {
  // `for update` locks no row while the phone is new: the phone's own lock makes the look-up and the new file one
  // step, so a new customer's first bookings sent at once make one file, not one each.
  const number = phoneKey(input.phone);
  if (!input.id) await lockUntilCommit(db, `customer-phone:${number}`);
  const [existing] = await db
    .select()
    .from(customers)
    .where(input.id ? eq(customers.id, input.id) : eq(phoneKeyOf(customers.phone), number))
    .limit(1)
    .for('update');
  const id = input.id ?? existing?.id ?? newId;
  const fields = given({
    name: input.name,
    // The same number written another way keeps the file's own spelling.
    phone: existing && phoneKey(existing.phone) === number ? undefined : input.phone,
    email: input.email,
    address: input.address,
    preferredChannel: input.preferredChannel,
    language: input.language,
  });
  const [row] = await db
    .insert(customers)
    .values({ id, name: input.name, phone: input.phone, preferredChannel: 'sms', ...fields })
    .onConflictDoUpdate({ target: customers.id, set: { ...fields, updatedAt: sql`now()` } })
    .returning({ id: customers.id, name: customers.name, phone: customers.phone, email: customers.email });
  if (!row) throw new Error(`customer ${id} was neither inserted nor updated`);
  // A booking that changes a returning customer's file leaves the same trace as an edit of the file.
  if (existing) await recordFileChanges(db, { kind: 'customer', id, customerId: id }, changedFields(existing, fields), changedBy);
  return row;
}

/** A vehicle is known by its VIN; a new owner or plate replaces the old one on file, a blank never erases a stored field. */
export async function upsertVehicle(db: Executor, input: VehicleInput, customerId: string, changedBy = 'system'): Promise<void> {
  const fields = given({ customerId, plate: input.plate, model: input.model, year: input.year, mileage: input.mileage });
  const [existing] = await db.select().from(vehicles).where(eq(vehicles.vin, input.vin)).limit(1).for('update');
  await db
    .insert(vehicles)
    .values({ vin: input.vin, customerId, plate: input.plate, model: input.model, ...fields })
    .onConflictDoUpdate({ target: vehicles.vin, set: { ...fields, updatedAt: sql`now()` } });
  if (existing)
    await recordFileChanges(db, { kind: 'vehicle', id: input.vin, customerId }, changedFields(existing, fields), changedBy);
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
  /** From the visit's resolved policy. */
  taxRateBasisPoints: number;
}

/** Idempotent: the API writes it before starting the workflow and the workflow's first activity again. */
export async function insertVisit(db: Executor, row: VisitRow): Promise<void> {
  await db
    .insert(visits)
    .values({ ...row, appointmentAt: row.appointmentAt ? new Date(row.appointmentAt) : null })
    .onConflictDoNothing({ target: visits.id });
}
