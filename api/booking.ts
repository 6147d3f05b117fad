import { randomUUID } from 'node:crypto';
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { dayLoad, holdPlace, lockBookingDay, readCapacity, releaseHold, webBookingOf } from '../db/booking.js';
import { readCalendar } from '../db/calendar.js';
import { readCatalogue } from '../db/catalogue.js';
import type { Database } from '../db/client.js';
import { lockUntilCommit } from '../db/locks.js';
import { staff, visits } from '../db/schema.js';
import { type DaySlots, freeSlots, slotStarts } from '../domain/booking.js';
import { exceptionOn, hoursOn, isOpen, type ShopCalendar } from '../domain/calendar-rules.js';
import { CatalogueCode } from '../domain/catalogue.js';
import { localDate, localDayRange, localTime } from '../domain/local-time.js';
import { toIso } from '../domain/time.js';
import { z } from '../domain/zod.js';
import type { ApiEnv } from './deps.js';
import { AppError } from './errors.js';
import type { ApiSettings } from './settings.js';
import { type BookedBy, checkDuplicateBooking } from './staff-directory.js';
import { dependency } from './unavailable.js';

// What online booking asks of the catalogue and the day: the work a customer picks, priced in flat-rate hours,
// and the slots left for it. The routes are api/routes/booking.ts.

/** One entry of the price list the customer picks: a service package or a labour operation, by its code. */
export const RequestedService = z
  .object({ kind: z.enum(['package', 'labour_operation']), code: CatalogueCode })
  .openapi('RequestedService');
export type RequestedService = z.infer<typeof RequestedService>;

export interface RequestedWork {
  /** The services as the visit records them (the catalogue's English wording, as desk bookings are written). */
  descriptions: string[];
  hours: number;
}

/**
 * The flat-rate hours of the picked services from the catalogue as offered now; an unknown or retired code, or a
 * package not offered for the car's model, is refused naming it (`field` is where the list was sent).
 */
export async function requestedWork(
  db: Database,
  services: readonly RequestedService[],
  field: string,
  model?: string,
): Promise<RequestedWork> {
  if (services.length === 0) return { descriptions: [], hours: 0 };
  const catalogue = await readCatalogue(db, { activeOnly: true });
  const hoursOf = (code: string) => catalogue.operations.find((op) => op.code === code)?.flatRateHours ?? 0;
  const descriptions: string[] = [];
  let hours = 0;
  services.forEach((s, i) => {
    const refuse = (message: string) =>
      new AppError('unprocessable', `${field}.${i}.code: ${message}`, { fields: [{ field: `${field}.${i}.code`, message }] });
    if (s.kind === 'labour_operation') {
      const op = catalogue.operations.find((o) => o.code === s.code);
      if (!op) throw refuse(`no labour operation ${s.code} on the price list`);
      descriptions.push(op.description);
      hours += op.flatRateHours;
      return;
    }
    const pkg = catalogue.packages.find((p) => p.code === s.code);
    if (!pkg) throw refuse(`no service package ${s.code} on the price list`);
    if (model && pkg.models.length > 0 && !pkg.models.some((m) => m.toLowerCase() === model.toLowerCase()))
      throw refuse(`the package ${s.code} is offered for ${pkg.models.join(', ')} only`);
    descriptions.push(pkg.name);
    for (const item of pkg.items) if (item.kind === 'labour') hours += hoursOf(item.code);
  });
  return { descriptions, hours: Math.round(hours * 100) / 100 };
}

/** The shop's calendar (opening hours, holidays) that booking cuts its slots from, in the shop's time zone. */
export const bookingCalendar = (db: Database, settings: ApiSettings): Promise<ShopCalendar> =>
  readCalendar(db, settings.shopTimeZone);

/** What the desk does with a time the shop is closed at: the words of its "… anyway" box. */
export type DeskChange = 'book' | 'move';
const ANYWAY: Record<DeskChange, string> = {
  book: 'tick "book anyway" (confirmClosed: true) to book it all the same',
  move: 'tick "move anyway" (confirmClosed: true) to move it all the same',
};

/**
 * A desk booking (`POST /appointments`) or move (the visit's `reschedule`) outside the published opening hours, or
 * on a day the shop is closed, is refused with 409 naming `confirmClosed` unless the advisor confirms it: a Saturday
 * special is theirs to arrange, a slip of the date is not. (The public page offers open slots only, and its routes
 * refuse any other time outright: `checkSlotFree`.) Undefined while the shop is open at `at`.
 */
export function closedRefusal(calendar: ShopCalendar, at: number, change: DeskChange): AppError | undefined {
  if (isOpen(calendar, at)) return undefined;
  const date = localDate(at, calendar.timeZone);
  const hours = hoursOn(calendar, date);
  const note = exceptionOn(calendar, date)?.note;
  const why = hours
    ? `${localTime(at, calendar.timeZone)} is outside the opening hours on ${date} (${hours.opensAt}–${hours.closesAt}, ${calendar.timeZone})`
    : `the shop is closed on ${date}${note ? ` (${note})` : ''}`;
  const message = `${why}; ${ANYWAY[change]}`;
  return new AppError('conflict', message, { fields: [{ field: 'confirmClosed', message }] });
}

/** The free slots of a day for this much work; `except` is a visit being moved, whose own place does not count. */
export async function slotsOf(
  db: Pick<Database, 'select' | 'execute'>,
  date: string,
  calendar: ShopCalendar,
  requestedHours: number,
  except?: string,
): Promise<DaySlots> {
  const capacity = await readCapacity(db);
  const load = await dayLoad(db, date, calendar, capacity, except);
  return freeSlots(date, { calendar, capacity, load, requestedHours, now: Date.now() });
}

const FULL: Record<NonNullable<DaySlots['reason']>, string> = {
  closed: 'the shop is closed that day (see GET /calendar)',
  past: 'that time has passed',
  too_far: 'bookings open at most 90 days ahead',
  workshop_full: 'the workshop is fully booked that day',
  fully_booked: 'that time is fully booked',
};

/**
 * Refuses a slot that is not free now (409 for a place taken, 400 for a time that is no slot at all), naming `field`.
 * Run inside the day's lock (db/booking.ts `lockBookingDay`) so the answer still holds when the booking is written.
 */
export async function checkSlotFree(
  db: Pick<Database, 'select' | 'execute'>,
  at: number,
  calendar: ShopCalendar,
  requestedHours: number,
  field: string,
  except?: string,
): Promise<void> {
  const date = localDate(at, calendar.timeZone);
  const day = await slotsOf(db, date, calendar, requestedHours, except);
  if (day.slots.some((s) => s.startsAt === at)) return;
  const reason = day.reason ?? (slotStarts(date, calendar, day.slotMinutes).includes(at) ? 'fully_booked' : undefined);
  if (reason === 'workshop_full' || reason === 'fully_booked') {
    const message = `${FULL[reason]}; pick another time`;
    throw new AppError('conflict', `${field}: ${message}`, { fields: [{ field, message }], reason });
  }
  const message = reason ? FULL[reason] : 'not the start of a booking slot; pick one of GET /booking/slots';
  throw new AppError('invalid_request', `Invalid body: ${field}: ${message}`, { fields: [{ field, message }] });
}

/** The active advisor with the fewest bookings that day receives an online booking; none active: not bookable now. */
export async function advisorForDay(db: Database, date: string, timeZone: string): Promise<string> {
  const { start, end } = localDayRange(date, timeZone);
  const rows = await db
    .select({ id: staff.id, booked: sql<number>`count(${visits.id})::int` })
    .from(staff)
    .leftJoin(visits, and(eq(visits.advisorId, staff.id), gte(visits.appointmentAt, start), lt(visits.appointmentAt, end)))
    .where(and(eq(staff.role, 'advisor'), eq(staff.active, true)))
    .groupBy(staff.id)
    .orderBy(sql`count(${visits.id})`, asc(staff.id))
    .limit(1);
  const advisor = rows[0];
  if (!advisor) throw new AppError('conflict', 'Online booking is not available right now; please call the service desk');
  return advisor.id;
}

/** A booked visit being moved to `at`, by the desk (the visit's `reschedule` action) or the customer (the link). */
export interface Move {
  visitId: string;
  vin: string;
  at: number;
  /** Who is told of a clash: the desk, in the words of the booking already there, or the customer, in none. */
  by: BookedBy;
  /** The customer's move must find a free slot of this calendar (`checkSlotFree`), counted under the day's lock. */
  slotIn?: ShopCalendar;
  /** A desk move without "move anyway": refused at a time this calendar has the shop closed (`closedRefusal`). */
  refuseClosed?: ShopCalendar;
}

/**
 * Moves a booking: the checks of its new place, then `send` (the visit's `reschedule`). The visit writes its new time
 * from the worker, after the checks: holding the locks until then would wait on that write (PGlite has one
 * connection). So the new place is claimed in the checks' transaction instead (`holdPlace`), and every later count of
 * the day (a booking, another move: `slotsOf`) and every later same-day check of the car (`checkDuplicateBooking`)
 * sees it until the visit has written it. Leaving the old day only frees a place: only the new day is locked. The
 * move answers within the Temporal deadline; twice that lets a late worker still write it.
 */
export async function holdingPlace<T>(c: Context<ApiEnv>, move: Move, send: () => Promise<T>): Promise<T> {
  const { db } = c.var.deps.database;
  const { settings } = c.var;
  const booked = await dependency('database', () => webBookingOf(db, move.visitId));
  // The hours the visit booked online go with it, so the new day's workshop hours count them from now on.
  const hold = { id: randomUUID(), visitId: move.visitId, at: new Date(move.at), workshopHours: booked?.workshopHours ?? 0 };
  await dependency('database', () =>
    db.transaction(async (tx) => {
      if (move.slotIn) {
        await lockBookingDay(tx, localDate(move.at, move.slotIn.timeZone));
        await checkSlotFree(tx, move.at, move.slotIn, hold.workshopHours, 'slot', move.visitId);
      }
      // The lock every booking of the car takes to check its day (api/open-visit.ts): a move onto a day the car is
      // booked already is refused as that second booking would be, and a booking after it finds the hold.
      await lockUntilCommit(tx, `vehicle:${move.vin}`);
      await checkDuplicateBooking(tx, move.vin, toIso(move.at), {
        by: move.by,
        timeZone: settings.shopTimeZone,
        moving: move.visitId,
      });
      // The one refusal the desk can lift is asked last, as a new booking asks it (api/open-visit.ts).
      const closed = move.refuseClosed && closedRefusal(move.refuseClosed, move.at, 'move');
      if (closed) throw closed;
      await holdPlace(tx, hold, 2 * settings.temporalCallTimeoutMs);
    }),
  );
  let answer: T;
  try {
    answer = await send();
  } catch (err) {
    // Refused, the move will never be written; unreachable, it may still be, so its hold runs out instead.
    if (!(err instanceof AppError && err.code === 'unavailable')) await dependency('database', () => releaseHold(db, hold.id));
    throw err;
  }
  // Answered, the visit has written its new time (read-your-writes): it stands on its place itself.
  await dependency('database', () => releaseHold(db, hold.id));
  return answer;
}
