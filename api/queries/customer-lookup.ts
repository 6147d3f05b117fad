import { z } from '@hono/zod-openapi';
import { type AnyColumn, asc, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { customers, fileChanges, vehicles } from '../../db/schema.js';
import type { ShopCountry } from '../../domain/phone.js';
import { likeLiteral, NAME_FOLDS, SQL_SEPARATOR_CLASS, type VisitSearch, visitSearch } from '../../domain/search.js';

export const CustomerMatch = z
  .object({
    id: z.string(),
    name: z.string(),
    phone: z.string(),
    email: z.string().nullable(),
    preferredChannel: z.string(),
    vehicles: z.array(z.object({ vin: z.string(), plate: z.string(), model: z.string(), year: z.number().int().nullable() })),
  })
  .openapi('CustomerMatch');
export type CustomerMatch = z.infer<typeof CustomerMatch>;

/**
 * A customer whose phone holds the typed digits (part of a number), or whose number the text is however either
 * was written (its key): the phone part of the customer and the visit search.
 */
export function phoneCondition({ subscriber, phoneKey }: VisitSearch): SQL | undefined {
  const anyOf: SQL[] = [];
  if (subscriber && subscriber.length >= 4)
    anyOf.push(sql`regexp_replace(${customers.phone}, '[^0-9]', '', 'g') like ${`%${likeLiteral(subscriber)}%`}`);
  if (phoneKey && phoneKey.length >= 4) anyOf.push(eq(customers.phoneKey, phoneKey));
  return or(...anyOf);
}

/**
 * A plate column as the search compares it (`VisitSearch.compact`): plates are stored as typed at the desk, so both
 * sides drop the same separators and case before comparing ("M-LN 8888" is "MLN8888").
 */
export const compactPlate = (plate: AnyColumn) => sql`regexp_replace(upper(${plate}), ${SQL_SEPARATOR_CLASS}, '', 'g')`;

/** A name column as the search compares it (`VisitSearch.name`): lower case, German letters spelled out. */
export const foldedNameColumn = (name: AnyColumn) =>
  NAME_FOLDS.reduce<SQL>((folded, [letter, spelled]) => sql`replace(${folded}, ${letter}, ${spelled})`, sql`lower(${name})`);

/** A customer whose name or phone, or whose vehicle's plate or VIN, contains the text (the visit search's rule). */
function lookupCondition(input: string, country: ShopCountry | undefined): SQL | undefined {
  const search = visitSearch(input, country);
  const { compact, name } = search;
  const contains = (s: string) => `%${likeLiteral(s)}%`;
  const anyOf: (SQL | undefined)[] = [ilike(foldedNameColumn(customers.name), contains(name))];
  if (compact) {
    anyOf.push(sql`${compactPlate(vehicles.plate)} like ${contains(compact)}`);
    anyOf.push(ilike(vehicles.vin, contains(compact)));
  }
  anyOf.push(phoneCondition(search));
  return or(...anyOf);
}

/** Customers on file for the booking form and the desk, with their vehicles, by name; `country`: the shop's. */
export async function lookupCustomers(db: Database, q: string, limit: number, country?: ShopCountry): Promise<CustomerMatch[]> {
  const found = await db
    .selectDistinct({ id: customers.id, name: customers.name })
    .from(customers)
    .leftJoin(vehicles, eq(vehicles.customerId, customers.id))
    .where(lookupCondition(q, country))
    .orderBy(asc(customers.name), asc(customers.id))
    .limit(limit);
  if (found.length === 0) return [];
  const ids = found.map((f) => f.id);
  const [people, cars] = await Promise.all([
    db.select().from(customers).where(inArray(customers.id, ids)),
    db.select().from(vehicles).where(inArray(vehicles.customerId, ids)).orderBy(asc(vehicles.createdAt)),
  ]);
  return found.flatMap(({ id }) => {
    const c = people.find((p) => p.id === id);
    if (!c) return [];
    return [
      {
        id: c.id,
        name: c.name,
        phone: c.phone,
        email: c.email,
        preferredChannel: c.preferredChannel,
        vehicles: cars
          .filter((v) => v.customerId === id)
          .map((v) => ({ vin: v.vin, plate: v.plate, model: v.model, year: v.year })),
      },
    ];
  });
}

export const FileChange = z
  .object({
    subject: z.enum(['customer', 'vehicle']),
    subjectId: z.string().openapi({ description: 'The customer id, or the VIN' }),
    field: z.string(),
    oldValue: z.string().nullable(),
    newValue: z.string().nullable(),
    changedBy: z.string().openapi({ description: 'Staff id (`system` for changes nobody typed)' }),
    at: z.string(),
  })
  .openapi('FileChange');
export type FileChange = z.infer<typeof FileChange>;

/** The change history of a customer's file and their vehicles' files, newest first. */
export async function fileHistory(db: Database, customerId: string, limit: number): Promise<FileChange[]> {
  const rows = await db
    .select()
    .from(fileChanges)
    .where(eq(fileChanges.customerId, customerId))
    .orderBy(desc(fileChanges.at), desc(fileChanges.id))
    .limit(limit);
  return rows.map((r) => ({
    subject: r.subject === 'vehicle' ? 'vehicle' : 'customer',
    subjectId: r.subjectId,
    field: r.field,
    oldValue: r.oldValue,
    newValue: r.newValue,
    changedBy: r.changedBy,
    at: r.at.toISOString(),
  }));
}
