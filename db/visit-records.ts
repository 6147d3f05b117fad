import { eq, sql } from 'drizzle-orm';
import { changedFields } from '../domain/customer-file.js';
import type { ServiceInterval } from '../domain/maintenance.js';
import { phoneKey, type ShopCountry } from '../domain/phone.js';
import type { CustomerInput, VehicleInput, VisitKind } from '../domain/visit.js';
import type { Database } from './client.js';
import { customerWithPhone, refuseTakenPhone } from './customer-phone.js';
import { recordFileChanges } from './file-records.js';
import { customers, vehicles, visits } from './schema.js';

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

/** How a booking writes the customer's and the vehicle's files. */
export interface FileWrite {
  /** Named in the file's change history when the booking changes a stored field. */
  changedBy?: string;
  /** The shop's (SHOP_COUNTRY), which a national number is read as. */
  country?: ShopCountry;
  /**
   * Whoever books is not known to own the files (the public booking page: anyone can type any number or VIN). A file
   * on record is used as it stands, never changed, so nobody can send a customer's messages to their own address
   * or take over a car by booking it; the desk confirms changes at reception. Only a new file is written.
   */
  keepFiles?: boolean;
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
  { changedBy = 'system', country, keepFiles }: FileWrite = {},
): Promise<CustomerOnFile> {
  const key = phoneKey(input.phone, country);
  const [existing] = input.id
    ? await db.select().from(customers).where(eq(customers.id, input.id)).limit(1).for('update')
    : [await customerWithPhone(db, input.phone, country)];
  if (existing && keepFiles) return { id: existing.id, name: existing.name, phone: existing.phone, email: existing.email };
  // A file named by id that is given a new number: not one another file already has.
  if (input.id && existing && existing.phoneKey !== key) await refuseTakenPhone(db, input.id, input.phone, country);
  const id = input.id ?? existing?.id ?? newId;
  const fields = given({
    name: input.name,
    // The same number written another way keeps the file's own spelling.
    phone: existing && phoneKey(existing.phone, country) === key ? undefined : input.phone,
    email: input.email,
    address: input.address,
    preferredChannel: input.preferredChannel,
    language: input.language,
  });
  const [row] = await db
    .insert(customers)
    .values({ id, name: input.name, phone: input.phone, phoneKey: key, preferredChannel: 'sms', ...fields })
    // The key is written again with every booking: a file keyed before the shop's country was set gets its key.
    .onConflictDoUpdate({ target: customers.id, set: { ...fields, phoneKey: key, updatedAt: sql`now()` } })
    .returning({ id: customers.id, name: customers.name, phone: customers.phone, email: customers.email });
  if (!row) throw new Error(`customer ${id} was neither inserted nor updated`);
  // A booking that changes a returning customer's file leaves the same trace as an edit of the file.
  if (existing) await recordFileChanges(db, { kind: 'customer', id, customerId: id }, changedFields(existing, fields), changedBy);
  return row;
}

/**
 * The caller on the hotline [S1.2] is the customer on file with this number, or a new customer (hotline callers
 * often are); a known caller's file is left as it is, whatever name they gave.
 */
export async function callerOnFile(
  db: Database,
  call: { callerName: string; phone: string },
  newId: string,
  country?: ShopCountry,
): Promise<{ id: string; name: string }> {
  return db.transaction(async (tx) => {
    const known = await customerWithPhone(tx, call.phone, country);
    if (known) return { id: known.id, name: known.name };
    const phone = { phone: call.phone, phoneKey: phoneKey(call.phone, country) };
    await tx.insert(customers).values({ id: newId, name: call.callerName, ...phone, preferredChannel: 'sms' });
    return { id: newId, name: call.callerName };
  });
}

/** A vehicle is known by its VIN; a new owner or plate replaces the old one on file, a blank never erases a stored field. */
export async function upsertVehicle(
  db: Executor,
  input: VehicleInput,
  customerId: string,
  { changedBy = 'system', keepFiles }: FileWrite = {},
): Promise<void> {
  const fields = given({ customerId, plate: input.plate, model: input.model, year: input.year, mileage: input.mileage });
  const [existing] = await db.select().from(vehicles).where(eq(vehicles.vin, input.vin)).limit(1).for('update');
  if (existing && keepFiles) return;
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
  serviceInterval: ServiceInterval;
}

/**
 * Written by whoever opens the visit (the API, a rescue's tow-in) in the transaction that starts its workflow;
 * idempotent, as a retried tow-in writes it again.
 */
export async function insertVisit(db: Executor, row: VisitRow): Promise<void> {
  await db
    .insert(visits)
    .values({ ...row, appointmentAt: row.appointmentAt ? new Date(row.appointmentAt) : null })
    .onConflictDoNothing({ target: visits.id });
}
