import { z } from '@hono/zod-openapi';
import { and, desc, eq, getTableColumns, gte, ilike, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { customers, vehicles, visits } from '../../db/schema.js';
import { PriorityReason } from '../../domain/dispatch.js';
import { localDayRange } from '../../domain/local-time.js';
import type { ShopCountry } from '../../domain/phone.js';
import { likeLiteral, visitSearch } from '../../domain/search.js';
import { Stage } from '../../domain/stages.js';
import { VisitKind } from '../../domain/visit.js';
import { compactPlate, foldedNameColumn, phoneCondition } from './customer-lookup.js';
import { afterTimestampKey, decodeTimestampCursor, encodeTimestampCursor, timestampKey } from './keyset.js';
import { iso, page, pageOf } from './params.js';

export const VisitListItem = z
  .object({
    visitId: z.string(),
    roNumber: z.number().int(),
    kind: VisitKind,
    stage: Stage,
    customer: z.object({ id: z.string(), name: z.string() }),
    vehicle: z.object({ vin: z.string(), plate: z.string(), model: z.string() }),
    advisorId: z.string(),
    priorityReason: PriorityReason,
    appointmentAt: z.string().nullable(),
    confirmed: z.boolean(),
    arrivedAt: z.string().nullable(),
    technicianId: z.string().nullable(),
    promisedAt: z.string().nullable(),
    atRisk: z.boolean(),
    late: z.boolean(),
    needsAttention: z
      .boolean()
      .openapi({ description: 'A record of this visit was refused by the database: an open incident on GET /alerts' }),
    waitingForCustomerSince: z
      .string()
      .nullable()
      .openapi({ description: 'An estimate or extra work waits for the customer’s decision since then' }),
    customerDecidedAt: z.string().nullable().openapi({ description: 'When the customer last decided on an approval' }),
    reworkCount: z.number().int(),
    totalCents: z.number().int().nullable(),
    deliveredAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('VisitListItem');

export const VisitList = page(VisitListItem).openapi('VisitList');
export type VisitList = z.infer<typeof VisitList>;

export interface VisitListQuery {
  stage?: Stage;
  advisor?: string;
  plate?: string;
  /** Free text: a plate or VIN fragment (separators ignored), a phone number, a name, an RO number. */
  search?: string;
  /** Whether the search text is also matched with customers' phone numbers: only for a reader of contact data. */
  matchPhone?: boolean;
  /** The visit's day: the appointment's day for bookings, the day it was opened for walk-ins. */
  date?: string;
  timeZone: string;
  /** The shop's country (SHOP_COUNTRY): a phone number searched for in national form is read as its. */
  shopCountry?: ShopCountry;
  limit: number;
  cursor?: string;
}

const RO_NUMBER_MAX = 2_147_483_647;

/** Any visit whose plate, VIN, customer name or phone contains the text, or whose RO number it is. */
function searchCondition(input: string, country: ShopCountry | undefined, matchPhone: boolean): SQL | undefined {
  const search = visitSearch(input, country);
  const { compact, digits, name } = search;
  const contains = (s: string) => `%${likeLiteral(s)}%`;
  const anyOf: (SQL | undefined)[] = [ilike(foldedNameColumn(customers.name), contains(name))];
  if (compact) {
    anyOf.push(sql`${compactPlate(visits.plate)} like ${contains(compact)}`);
    anyOf.push(ilike(visits.vin, contains(compact)));
  }
  if (matchPhone) anyOf.push(phoneCondition(search));
  if (digits && digits.length <= 10 && Number(digits) <= RO_NUMBER_MAX) anyOf.push(eq(visits.roNumber, Number(digits)));
  return or(...anyOf);
}

/**
 * The row's columns a list item shows. The facts and the requests stay behind: a visit in aftercare carries all
 * its facts, and parsing them for a whole page was most of what GET /visits?stage=aftercare cost.
 */
const { facts: _facts, requestedServices: _requests, ...listedColumns } = getTableColumns(visits);

/** Visits from the records (not Temporal visibility), newest first. */
export async function listVisits(db: Database, q: VisitListQuery): Promise<VisitList> {
  const after = decodeTimestampCursor('visits', q.cursor);
  const where: (SQL | undefined)[] = [];
  if (q.stage) where.push(eq(visits.stage, q.stage));
  if (q.advisor) where.push(eq(visits.advisorId, q.advisor));
  if (q.plate) where.push(eq(visits.plate, q.plate));
  if (q.search) where.push(searchCondition(q.search, q.shopCountry, q.matchPhone ?? true));
  if (q.date) {
    const { start, end } = localDayRange(q.date, q.timeZone);
    where.push(
      or(
        and(gte(visits.appointmentAt, start), lt(visits.appointmentAt, end)),
        and(isNull(visits.appointmentAt), gte(visits.createdAt, start), lt(visits.createdAt, end)),
      ),
    );
  }
  if (after) where.push(afterTimestampKey(visits.createdAt, visits.id, after.micros, after.id, 'desc'));

  const rows = await db
    .select({
      visit: listedColumns,
      key: timestampKey(visits.createdAt),
      customerName: customers.name,
      model: vehicles.model,
    })
    .from(visits)
    .innerJoin(customers, eq(customers.id, visits.customerId))
    .innerJoin(vehicles, eq(vehicles.vin, visits.vin))
    .where(and(...where))
    .orderBy(desc(visits.createdAt), desc(visits.id))
    .limit(q.limit + 1);

  return pageOf(
    rows,
    q.limit,
    ({ visit: v, customerName, model }) => ({
      visitId: v.id,
      roNumber: v.roNumber,
      kind: VisitKind.catch('walk_in').parse(v.kind),
      stage: Stage.catch('booked').parse(v.stage),
      customer: { id: v.customerId, name: customerName },
      vehicle: { vin: v.vin, plate: v.plate, model },
      advisorId: v.advisorId,
      priorityReason: PriorityReason.catch('walk_in').parse(v.priorityReason),
      appointmentAt: iso(v.appointmentAt),
      confirmed: v.confirmed,
      arrivedAt: iso(v.arrivedAt),
      technicianId: v.technicianId,
      promisedAt: iso(v.promisedAt),
      atRisk: v.atRisk,
      late: v.late,
      needsAttention: v.needsAttention,
      waitingForCustomerSince: iso(v.awaitingCustomerSince),
      customerDecidedAt: iso(v.customerDecidedAt),
      reworkCount: v.reworkCount,
      totalCents: v.totalCents,
      deliveredAt: iso(v.deliveredAt),
      closedAt: iso(v.closedAt),
      createdAt: v.createdAt.toISOString(),
      updatedAt: v.updatedAt.toISOString(),
    }),
    (r) => encodeTimestampCursor('visits', r.key, r.visit.id),
  );
}
