import { eq, sql } from 'drizzle-orm';
import { type CustomerChange, changedFields, type VehicleChange } from '../domain/customer-file.js';
import { phoneKey, type ShopCountry } from '../domain/phone.js';
import type { Database } from './client.js';
import { refuseTakenPhone } from './customer-phone.js';
import { customers, fileChanges, vehicles } from './schema.js';

// The one writer of `file_changes`: each change to a customer or vehicle file is recorded in the transaction
// that makes it, so the file and its history never disagree.

type Executor = Pick<Database, 'select' | 'insert' | 'update'>;

interface Changed {
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

export async function recordFileChanges(
  db: Executor,
  subject: { kind: 'customer' | 'vehicle'; id: string; customerId: string },
  changes: readonly Changed[],
  changedBy: string,
): Promise<void> {
  if (changes.length === 0) return;
  await db.insert(fileChanges).values(
    changes.map((c) => ({
      subject: subject.kind,
      subjectId: subject.id,
      customerId: subject.customerId,
      field: c.field,
      oldValue: c.oldValue,
      newValue: c.newValue,
      changedBy,
    })),
  );
}

/**
 * Applies an edit of the customer file and records each field it changes; null when there is no such customer.
 * `country`: the shop's (SHOP_COUNTRY), which a new number in national form is read as.
 */
export async function changeCustomer(db: Database, id: string, change: CustomerChange, changedBy: string, country?: ShopCountry) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(customers).where(eq(customers.id, id)).for('update');
    if (!before) return null;
    const changes = changedFields(before, change);
    if (changes.length === 0) return before;
    const key = change.phone ? phoneKey(change.phone, country) : undefined;
    if (change.phone && key !== before.phoneKey) await refuseTakenPhone(tx, id, change.phone, country);
    const [after] = await tx
      .update(customers)
      .set({ ...change, ...(key ? { phoneKey: key } : {}), updatedAt: sql`now()` })
      .where(eq(customers.id, id))
      .returning();
    await recordFileChanges(tx, { kind: 'customer', id, customerId: id }, changes, changedBy);
    return after ?? null;
  });
}

/** As `changeCustomer`, for a vehicle's file (the change is shown in its owner's file). */
export async function changeVehicle(db: Database, vin: string, change: VehicleChange, changedBy: string) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(vehicles).where(eq(vehicles.vin, vin)).for('update');
    if (!before) return null;
    const changes = changedFields(before, change);
    if (changes.length === 0) return before;
    const [after] = await tx
      .update(vehicles)
      .set({ ...change, updatedAt: sql`now()` })
      .where(eq(vehicles.vin, vin))
      .returning();
    await recordFileChanges(tx, { kind: 'vehicle', id: vin, customerId: before.customerId }, changes, changedBy);
    return after ?? null;
  });
}
