import { and, asc, eq, gt, gte, lt, ne, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { bookingHolds, staff, technicians, visits } from '../db/schema.js';
import { duplicateWalkIn } from '../db/walk-in-duplicates.js';
import { localDate, localDayRange, localTime } from '../domain/local-time.js';
import type { StaffRole } from '../domain/roles.js';
import { advisorProblem, memberProblem, type StaffMember, tokenStandingProblem } from '../domain/staff.js';
import { END_STAGES } from '../domain/stages.js';
import { AppError } from './errors.js';

/** The duplicate checks run in the transaction that opens the visit (api/open-visit.ts). */
type Reader = Pick<Database, 'select'>;

/**
 * The directory's members, or the one with `id`: the staff table and the technicians, who keep their own table
 * (one row per person).
 */
async function members(db: Database, id?: string): Promise<StaffMember[]> {
  const [people, techs] = await Promise.all([
    db
      .select({ id: staff.id, name: staff.name, role: staff.role, active: staff.active })
      .from(staff)
      .where(id === undefined ? undefined : eq(staff.id, id))
      .orderBy(asc(staff.name)),
    db
      .select({ id: technicians.id, name: technicians.name, active: technicians.active })
      .from(technicians)
      .where(id === undefined ? undefined : eq(technicians.id, id))
      .orderBy(asc(technicians.name)),
  ]);
  return [
    ...people.map((p) => ({ ...p, role: p.role as StaffMember['role'] })),
    ...techs.map((t) => ({ ...t, role: 'technician' as const })),
  ];
}

/** The whole directory. */
export const staffDirectory = (db: Database): Promise<StaffMember[]> => members(db);

/**
 * Every staff request asks how the directory lists its member (each row's role and whether active): one statement
 * across both tables, built once (db/prepared.ts), instead of the directory's two.
 */
const standingQuery = prepared((db) => {
  const id = sql.placeholder('id');
  return db
    .select({ active: staff.active, role: staff.role })
    .from(staff)
    .where(eq(staff.id, id))
    .unionAll(
      db
        .select({ active: technicians.active, role: sql<string>`'technician'`.as('role') })
        .from(technicians)
        .where(eq(technicians.id, id)),
    )
    .prepare('staff_member_standing');
});

/** Why a token of `id` in `role` opens nothing any more (domain/staff.ts `tokenStandingProblem`), if it does not. */
export async function tokenStanding(db: Database, id: string, role: StaffRole): Promise<string | undefined> {
  return tokenStandingProblem(await standingQuery(db).execute({ id }), role);
}

/** Refuses work given by name (`field`) to someone who is not an active member of the directory. */
export async function checkActiveMember(db: Database, id: string, field: string): Promise<void> {
  const [member] = await members(db, id);
  const problem = memberProblem(member);
  if (problem)
    throw new AppError('invalid_request', `Invalid body: ${field}: ${id} ${problem}`, {
      fields: [{ field, message: `${id} ${problem}` }],
    });
}

/** Refuses a booking whose advisor is not an active advisor in the directory, naming the field. */
export async function checkAdvisor(db: Database, advisorId: string): Promise<void> {
  const [member] = await db
    .select({ id: staff.id, name: staff.name, role: staff.role, active: staff.active })
    .from(staff)
    .where(eq(staff.id, advisorId))
    .limit(1);
  const problem = advisorProblem(member && { ...member, role: member.role as StaffMember['role'] });
  if (problem)
    throw new AppError('invalid_request', `Invalid body: advisorId: ${advisorId} ${problem}`, {
      fields: [{ field: 'advisorId', message: `${advisorId} ${problem}` }],
    });
}

/** Who is told that the car is already booked: the desk, who may book it anyway, or the customer on the public page. */
export type BookedBy = 'desk' | 'customer';

export interface SameDayCheck {
  by: BookedBy;
  /** The shop's zone: "that day" is the shop's calendar day, whatever offset the time was sent in. */
  timeZone: string;
  /** A move (the visit's `reschedule`): the visit being moved, which is no second booking of itself. */
  moving?: string;
}

/**
 * A second open booking of the same vehicle on the same day of the shop's calendar is most often a mistake: a new
 * desk booking is refused with 409 naming the booking already there unless the advisor confirms it; a move onto
 * that day is refused outright (a move has no "anyway"), as is anything the customer sends from the public page.
 * A booking is run under the vehicle's lock in the transaction that writes the visit, so two bookings sent at once
 * are no exception. A move writes its new time from the worker, after its check: so it holds its new place
 * (`booking_holds`, api/booking.ts `holdingPlace`) under the same lock, and a visit counts as booked on the day it
 * stands on and on the day it is being moved onto.
 */
export async function checkDuplicateBooking(
  db: Reader,
  vin: string,
  appointmentAt: string,
  { by, timeZone, moving }: SameDayCheck,
): Promise<void> {
  const day = localDate(Date.parse(appointmentAt), timeZone);
  const { start, end } = localDayRange(day, timeZone);
  const theCarOpen = and(eq(visits.vin, vin), notInArray(visits.stage, [...END_STAGES]));
  const columns = { visitId: visits.id, roNumber: visits.roNumber, plate: visits.plate };
  const standing = await db
    .select({ ...columns, appointmentAt: visits.appointmentAt })
    .from(visits)
    .where(
      and(
        theCarOpen,
        gte(visits.appointmentAt, start),
        lt(visits.appointmentAt, end),
        moving === undefined ? undefined : ne(visits.id, moving),
      ),
    )
    .orderBy(asc(visits.appointmentAt))
    .limit(5);
  const arriving = await db
    .select({ ...columns, appointmentAt: bookingHolds.at })
    .from(bookingHolds)
    .innerJoin(visits, eq(visits.id, bookingHolds.visitId))
    .where(
      and(
        theCarOpen,
        gte(bookingHolds.at, start),
        lt(bookingHolds.at, end),
        gt(bookingHolds.expiresAt, sql`now()`),
        moving === undefined ? undefined : ne(bookingHolds.visitId, moving),
      ),
    )
    .orderBy(asc(bookingHolds.at))
    .limit(5);
  // A visit moving within the day, or whose move is written but whose hold is not yet released, is one booking.
  const seen = new Set<string>();
  const open = [...standing, ...arriving]
    .sort((a, b) => Number(a.appointmentAt) - Number(b.appointmentAt))
    .filter((v) => !seen.has(v.visitId) && seen.add(v.visitId))
    .slice(0, 5);
  const first = open[0];
  if (!first?.appointmentAt) return;
  if (by === 'customer') {
    // Anyone can type any car's VIN on the public page: the customer learns that the car is booked that day, and
    // where its owner changes that booking, but nothing of the booking itself (its time, its repair order, whose).
    const field = moving === undefined ? 'vehicle.plate' : 'slot';
    const message =
      'this car is already booked that day; to move or cancel that booking, use the link in its confirmation message';
    throw new AppError('conflict', `${field}: ${message}`, { fields: [{ field, message }] });
  }
  const booked = `${first.plate} is already booked on ${day} at ${localTime(first.appointmentAt.getTime(), timeZone)} (repair order ${first.roNumber})`;
  const duplicates = open.map((v) => ({
    visitId: v.visitId,
    roNumber: v.roNumber,
    appointmentAt: v.appointmentAt?.toISOString(),
  }));
  if (moving !== undefined) {
    const message = `${booked}; pick another day, or move or cancel that booking first`;
    throw new AppError('conflict', `appointmentAt: ${message}`, { fields: [{ field: 'appointmentAt', message }], duplicates });
  }
  const message = `${booked}; tick "book anyway" (confirmDuplicate: true) to book a second visit`;
  throw new AppError('conflict', message, { fields: [{ field: 'confirmDuplicate', message }], duplicates });
}

/** The walk-in refused as a second visit of the car (db/walk-in-duplicates.ts): 409 naming it. */
export async function checkDuplicateWalkIn(db: Reader, vin: string): Promise<void> {
  const duplicate = await duplicateWalkIn(db, vin);
  if (duplicate) throw new AppError('conflict', duplicate.message, duplicate.details);
}
