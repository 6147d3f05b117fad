import { z } from '@hono/zod-openapi';
import { and, asc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { appointmentsOn, readCapacity } from '../../db/booking.js';
import { openCampaignCodes } from '../../db/campaigns.js';
import type { Database } from '../../db/client.js';
import { customers, tasks, vehicles, visits } from '../../db/schema.js';
import { bookingCannotBeKept, bookingConfirmed } from '../../db/visit-view.js';
import { capacityPerHour } from '../../domain/booking.js';
import { exceptionOn, hoursOn, type ShopCalendar } from '../../domain/calendar-rules.js';
import { localDayRange, localTime } from '../../domain/local-time.js';
import { Stage } from '../../domain/stages.js';
import type { TaskKind } from '../../domain/tasks.js';
import { afterTimestampKey, decodeTimestampCursor, encodeTimestampCursor, timestampKey } from './keyset.js';
import { iso, page, pageOf } from './params.js';

export const ConfirmationStatus = z.enum(['confirmed', 'cannot_keep', 'call_due', 'not_reached', 'unconfirmed']).openapi({
  description:
    'confirmed: the customer confirmed; cannot_keep: reached, the customer cannot keep the time and is to be re-booked; call_due: the day-before call is on the call list; not_reached: the calls failed and the advisor was told; unconfirmed: no call yet',
});

export const BoardEntry = z
  .object({
    visitId: z.string(),
    roNumber: z.number().int(),
    appointmentAt: z.string().openapi({ description: 'The booked instant (UTC)' }),
    time: z.string().openapi({ description: 'HH:MM in the board’s time zone', example: '09:30' }),
    customer: z.object({
      id: z.string(),
      name: z.string(),
      phone: z.string().optional().openapi({ description: 'For the front desk only: the foreman plans without it' }),
    }),
    vehicle: z.object({ vin: z.string(), plate: z.string(), model: z.string() }),
    advisorId: z.string(),
    requestedServices: z.array(z.string()),
    confirmation: z.object({ status: ConfirmationStatus, calls: z.number().int() }),
    arrived: z.boolean(),
    arrivedAt: z.string().nullable(),
    noShowFlagged: z.boolean().openapi({ description: 'Not arrived after the grace period: a no-show call is on the list' }),
    stage: Stage,
    openCampaigns: z.array(z.string()).openapi({ description: 'The recall campaigns open on the vehicle, by code' }),
  })
  .openapi('AppointmentBoardEntry');

export const HourCapacity = z
  .object({
    hour: z.string().meta({ description: 'HH:00 in the board’s time zone (`tz`)', example: '09:00' }),
    booked: z.number().int().meta({ description: 'Open appointments in that hour (desk and online)' }),
    capacity: z.number().int().meta({ description: 'Receptions the advisors can take in that hour (GET /booking-capacity)' }),
  })
  .openapi('HourCapacity');

export const AppointmentBoard = page(BoardEntry)
  .extend({
    date: z.string(),
    timeZone: z.string(),
    closed: z
      .object({ note: z.string().nullable().meta({ description: 'Why, for a day the calendar closes (a holiday)' }) })
      .nullable()
      .meta({ description: 'The shop does not open that day (its calendar); bookings on it still show' }),
    capacity: z.array(HourCapacity).meta({ description: 'Booked against capacity per opening hour of the day [S1.1]' }),
  })
  .openapi('AppointmentBoard');
export type AppointmentBoard = z.infer<typeof AppointmentBoard>;

export interface BoardQuery {
  date: string;
  timeZone: string;
  advisor?: string;
  limit: number;
  cursor?: string;
  /** Reads the shop's calendar, whose opening hours the day's capacity is counted in. */
  calendar: () => Promise<ShopCalendar>;
}

const boardTaskKinds: TaskKind[] = ['confirmation_call', 'confirmation_escalation', 'no_show'];

/**
 * A visit's confirmation work for its booked time in one row, joined laterally to each of the board's visits: the
 * latest day-before call (its status and how often it was tried), whether the advisor was told the customer could
 * not be reached, and whether a no-show call was put on the list.
 */
const confirmationWork = (db: Database) =>
  db
    .select({
      callStatus: sql<string | null>`(array_agg(${tasks.status} order by ${tasks.createdAt} desc)
        filter (where ${tasks.kind} = 'confirmation_call'))[1]`.as('call_status'),
      callAttempts: sql<number | null>`(array_agg(${tasks.attempts} order by ${tasks.createdAt} desc)
        filter (where ${tasks.kind} = 'confirmation_call'))[1]`.as('call_attempts'),
      escalated: sql<boolean>`coalesce(bool_or(${tasks.kind} = 'confirmation_escalation'), false)`.as('escalated'),
      noShowCalled: sql<boolean>`coalesce(bool_or(${tasks.kind} = 'no_show'), false)`.as('no_show_called'),
    })
    .from(tasks)
    // The calls of the booking as it stands: a move closes the old time's calls with the new time as their outcome
    // (workflows/steps/appointment.ts), and a booking moved after a no-show is neither a no-show nor unreached again.
    .where(and(eq(tasks.visitId, visits.id), inArray(tasks.kind, boardTaskKinds), sql`${tasks.outcome} -> 'rescheduled' is null`))
    .as('calls');

/** The appointment board of [S1.1]: the day's bookings in time order, with who, what and how far along. */
export async function appointmentBoard(db: Database, q: BoardQuery): Promise<AppointmentBoard> {
  const { start, end } = localDayRange(q.date, q.timeZone);
  const after = decodeTimestampCursor('appointments', q.cursor);
  const where: (SQL | undefined)[] = [gte(visits.appointmentAt, start), lt(visits.appointmentAt, end)];
  if (q.advisor) where.push(eq(visits.advisorId, q.advisor));
  if (after) where.push(afterTimestampKey(visits.appointmentAt, visits.id, after.micros, after.id, 'asc'));

  const calls = confirmationWork(db);
  // The page's rows carry their calls and campaigns, and what does not depend on them is read beside them: one
  // round trip's wait for the whole board.
  const rowsRead = db
    .select({
      visitId: visits.id,
      roNumber: visits.roNumber,
      appointmentAt: visits.appointmentAt,
      key: timestampKey(visits.appointmentAt),
      customerId: customers.id,
      customerName: customers.name,
      customerPhone: customers.phone,
      vin: visits.vin,
      plate: visits.plate,
      model: vehicles.model,
      advisorId: visits.advisorId,
      requestedServices: visits.requestedServices,
      confirmed: bookingConfirmed,
      cannotKeep: bookingCannotBeKept,
      arrivedAt: visits.arrivedAt,
      stage: visits.stage,
      callStatus: calls.callStatus,
      callAttempts: calls.callAttempts,
      escalated: calls.escalated,
      noShowCalled: calls.noShowCalled,
      openCampaigns: openCampaignCodes(visits.vin),
    })
    .from(visits)
    .innerJoin(customers, eq(customers.id, visits.customerId))
    .innerJoin(vehicles, eq(vehicles.vin, visits.vin))
    .leftJoinLateral(calls, sql`true`)
    .where(and(...where))
    .orderBy(asc(visits.appointmentAt), asc(visits.id))
    .limit(q.limit + 1);
  const [rows, calendar, setting, booked] = await Promise.all([
    rowsRead,
    q.calendar(),
    readCapacity(db),
    appointmentsOn(db, q.date, q.timeZone),
  ]);

  const result = pageOf(
    rows,
    q.limit,
    (r) => {
      const status: z.infer<typeof ConfirmationStatus> = r.confirmed
        ? 'confirmed'
        : r.cannotKeep
          ? 'cannot_keep'
          : r.escalated
            ? 'not_reached'
            : r.callStatus === 'open'
              ? 'call_due'
              : 'unconfirmed';
      const appointmentMs = (r.appointmentAt as Date).getTime();
      return {
        visitId: r.visitId,
        roNumber: r.roNumber,
        appointmentAt: new Date(appointmentMs).toISOString(),
        time: localTime(appointmentMs, q.timeZone),
        customer: { id: r.customerId, name: r.customerName, phone: r.customerPhone },
        vehicle: { vin: r.vin, plate: r.plate, model: r.model },
        advisorId: r.advisorId,
        requestedServices: r.requestedServices,
        confirmation: { status, calls: r.callAttempts ?? 0 },
        arrived: r.arrivedAt !== null,
        arrivedAt: iso(r.arrivedAt),
        noShowFlagged: r.arrivedAt === null && r.noShowCalled === true,
        stage: Stage.catch('booked').parse(r.stage),
        openCampaigns: r.openCampaigns,
      };
    },
    (r) => encodeTimestampCursor('appointments', r.key, r.visitId),
  );
  return {
    date: q.date,
    timeZone: q.timeZone,
    closed: hoursOn(calendar, q.date) ? null : { note: exceptionOn(calendar, q.date)?.note ?? null },
    ...result,
    capacity: capacityPerHour(q.date, calendar, setting, booked, q.timeZone),
  };
}
