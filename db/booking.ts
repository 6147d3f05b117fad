import { and, eq, gt, gte, lt, lte, ne, notInArray, sql } from 'drizzle-orm';
import {
  type BookedInstant,
  type BookingCapacity,
  type DayLoad,
  DEFAULT_BOOKING_CAPACITY,
  slotOf,
  slotStarts,
} from '../domain/booking.js';
import type { ShopCalendar } from '../domain/calendar-rules.js';
import { localDayRange } from '../domain/local-time.js';
import type { Database } from './client.js';
import { lockUntilCommit } from './locks.js';
import { bookingCapacity, bookingHolds, visits, webBookings } from './schema.js';

// Reads of what online booking counts (the capacity setting, the day's bookings, the places held by moves under
// way) and the lock that makes a booking's count and its write one step. The setting's writer is
// api/routes/booking-capacity.ts, the web bookings' api/routes/booking.ts, the holds' api/booking.ts.

type Reader = Pick<Database, 'select' | 'execute'>;

const CAPACITY_ROW = 'shop';

/** A booking that will not come in any more frees its place. */
const GONE = ['cancelled', 'no_show'];

export async function readCapacity(
  db: Reader,
): Promise<BookingCapacity & { updatedBy: string | null; updatedAt: string | null }> {
  const [row] = await db.select().from(bookingCapacity).where(eq(bookingCapacity.id, CAPACITY_ROW));
  if (!row) return { ...DEFAULT_BOOKING_CAPACITY, updatedBy: null, updatedAt: null };
  const { slotMinutes, receptionsPerSlot, workshopHoursPerDay, updatedBy, updatedAt } = row;
  return { slotMinutes, receptionsPerSlot, workshopHoursPerDay, updatedBy, updatedAt: updatedAt.toISOString() };
}

export async function writeCapacity(db: Pick<Database, 'insert'>, capacity: BookingCapacity, by: string): Promise<void> {
  const values = { ...capacity, updatedBy: by, updatedAt: new Date() };
  await db
    .insert(bookingCapacity)
    .values({ id: CAPACITY_ROW, ...values })
    .onConflictDoUpdate({ target: bookingCapacity.id, set: values });
}

/**
 * The open appointments of a local day (desk and web alike), counted per instant in the database: a busy day's
 * thousands of rows would otherwise each be read and placed in the shop's time zone.
 */
export async function appointmentsOn(db: Reader, date: string, timeZone: string, except?: string): Promise<BookedInstant[]> {
  const { start, end } = localDayRange(date, timeZone);
  const rows = await db
    .select({ at: visits.appointmentAt, count: sql<number>`count(*)::int` })
    .from(visits)
    .where(
      and(
        eq(visits.kind, 'appointment'),
        gte(visits.appointmentAt, start),
        lt(visits.appointmentAt, end),
        notInArray(visits.stage, GONE),
        except ? ne(visits.id, except) : undefined,
      ),
    )
    .groupBy(visits.appointmentAt);
  return rows.flatMap((r) => (r.at ? [{ at: (r.at as Date).getTime(), count: Number(r.count) }] : []));
}

/**
 * What a day already holds: bookings per slot, and the flat-rate hours booked online for it, with the places moves
 * under way hold. `except` leaves out the visit being moved, so a customer may move within the same day.
 */
export async function dayLoad(
  db: Reader,
  date: string,
  calendar: ShopCalendar,
  capacity: BookingCapacity,
  except?: string,
): Promise<DayLoad> {
  const starts = slotStarts(date, calendar, capacity.slotMinutes);
  const { start, end } = localDayRange(date, calendar.timeZone);
  const holds = await heldOn(db, start, end, except);
  const bookedAt = new Map<number, number>();
  for (const { at, count } of [
    ...(await appointmentsOn(db, date, calendar.timeZone, except)),
    ...holds.map((h) => ({ at: h.at.getTime(), count: 1 })),
  ]) {
    const slot = slotOf(at, starts, capacity.slotMinutes);
    if (slot !== undefined) bookedAt.set(slot, (bookedAt.get(slot) ?? 0) + count);
  }
  const [sum] = await db
    .select({ hours: sql<number>`coalesce(sum(${webBookings.workshopHours}), 0)::float8` })
    .from(webBookings)
    .innerJoin(visits, eq(visits.id, webBookings.visitId))
    .where(
      and(
        gte(visits.appointmentAt, start),
        lt(visits.appointmentAt, end),
        notInArray(visits.stage, GONE),
        except ? sql`${visits.id} <> ${except}` : undefined,
      ),
    );
  const heldHours = holds.reduce((total, h) => total + h.workshopHours, 0);
  return { bookedAt, workshopHours: Number(sum?.hours ?? 0) + heldHours };
}

/**
 * The places held on a day by moves not yet written (`holdPlace`): a hold the visit already stands on counts once,
 * as its appointment, and one whose request died counts until it expires.
 */
function heldOn(db: Reader, start: Date, end: Date, except?: string) {
  return db
    .select({ at: bookingHolds.at, workshopHours: bookingHolds.workshopHours })
    .from(bookingHolds)
    .innerJoin(visits, eq(visits.id, bookingHolds.visitId))
    .where(
      and(
        gte(bookingHolds.at, start),
        lt(bookingHolds.at, end),
        gt(bookingHolds.expiresAt, sql`now()`),
        sql`${visits.appointmentAt} is distinct from ${bookingHolds.at}`,
        notInArray(visits.stage, GONE),
        except ? ne(bookingHolds.visitId, except) : undefined,
      ),
    );
}

/**
 * Serialises online bookings of one day until the transaction ends: the count of a slot and the booking that
 * takes its last place happen as one step, so of two customers on the last place exactly one gets it.
 */
export async function lockBookingDay(tx: Pick<Database, 'execute'>, date: string): Promise<void> {
  await lockUntilCommit(tx, `booking:${date}`);
}

/**
 * Claims a place at `at` for a visit being moved, until the move answers (`releaseHold`) or `holdMs` passes; taken
 * under the locks its checks ran under (the day's for a slot, the vehicle's for the car's day), right after them,
 * so the claim and the checks are one step. A hold whose
 * request died is never released and counts no more once expired: each claim deletes those first, in its own
 * transaction, so the table holds no more than the moves of the last few minutes.
 */
export async function holdPlace(
  tx: Pick<Database, 'insert' | 'delete'>,
  hold: { id: string; visitId: string; at: Date; workshopHours: number },
  holdMs: number,
): Promise<void> {
  await tx.delete(bookingHolds).where(lte(bookingHolds.expiresAt, sql`now()`));
  await tx.insert(bookingHolds).values({ ...hold, expiresAt: sql`now() + make_interval(secs => ${holdMs / 1000})` });
}

export async function releaseHold(db: Pick<Database, 'delete'>, id: string): Promise<void> {
  await db.delete(bookingHolds).where(eq(bookingHolds.id, id));
}

export async function webBookingOf(db: Reader, visitId: string) {
  const [row] = await db.select().from(webBookings).where(eq(webBookings.visitId, visitId));
  return row;
}
