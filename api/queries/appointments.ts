import { z } from '@hono/zod-openapi';
import { and, asc, eq, gte, inArray, lt, type SQL } from 'drizzle-orm';
import { appointmentsOn, readCapacity } from '../../db/booking.js';
import { openCampaignCodes } from '../../db/campaigns.js';
import type { Database } from '../../db/client.js';
import { customers, tasks, vehicles, visits } from '../../db/schema.js';
import { capacityPerHour } from '../../domain/booking.js';
import type { ShopCalendar } from '../../domain/calendar-rules.js';
import { localDayRange, localTime } from '../../domain/local-time.js';
import { Stage } from '../../domain/stages.js';
import { afterTimestampKey, decodeTimestampCursor, encodeTimestampCursor, timestampKey } from './keyset.js';
import { iso, page, pageOf } from './params.js';

export const ConfirmationStatus = z.enum(['confirmed', 'call_due', 'not_reached', 'unconfirmed']).openapi({
  description:
    'confirmed: the customer confirmed; call_due: the day-before call is on the call list; not_reached: the calls failed and the advisor was told; unconfirmed: no call yet',
});

export const BoardEntry = z
  .object({
    visitId: z.string(),
    roNumber: z.number().int(),
    appointmentAt: z.string().openapi({ description: 'The booked instant (UTC)' }),
    time: z.string().openapi({ description: 'HH:MM in the board’s time zone', example: '09:30' }),
    customer: z.object({ id: z.string(), name: z.string(), phone: z.string() }),
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

/** The appointment board of [S1.1]: the day's bookings in time order, with who, what and how far along. */
export async function appointmentBoard(db: Database, q: BoardQuery): Promise<AppointmentBoard> {
  const { start, end } = localDayRange(q.date, q.timeZone);
  const after = decodeTimestampCursor(q.cursor);
  const where: (SQL | undefined)[] = [gte(visits.appointmentAt, start), lt(visits.appointmentAt, end)];
  if (q.advisor) where.push(eq(visits.advisorId, q.advisor));
  if (after) where.push(afterTimestampKey(visits.appointmentAt, visits.id, after.micros, after.id, 'asc'));

  // What does not depend on the page's rows is read beside them: two round trips to the database, not five.
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
      confirmed: visits.confirmed,
      arrivedAt: visits.arrivedAt,
      stage: visits.stage,
    })
    .from(visits)
    .innerJoin(customers, eq(customers.id, visits.customerId))
    .innerJoin(vehicles, eq(vehicles.vin, visits.vin))
    .where(and(...where))
    .orderBy(asc(visits.appointmentAt), asc(visits.id))
    .limit(q.limit + 1);
  const [rows, calendar, setting, booked] = await Promise.all([
    rowsRead,
    q.calendar(),
    readCapacity(db),
    appointmentsOn(db, q.date, q.timeZone),
  ]);

  const shown = rows.slice(0, q.limit);
  const ids = shown.map((r) => r.visitId);
  const [calls, campaigns] = await Promise.all([
    ids.length === 0
      ? []
      : db
          .select({ visitId: tasks.visitId, kind: tasks.kind, status: tasks.status, attempts: tasks.attempts })
          .from(tasks)
          .where(
            and(inArray(tasks.visitId, ids), inArray(tasks.kind, ['confirmation_call', 'confirmation_escalation', 'no_show'])),
          ),
    openCampaignCodes(
      db,
      shown.map((r) => r.vin),
    ),
  ]);
  const callsOf = (visitId: string) => calls.filter((t) => t.visitId === visitId);

  const result = pageOf(
    rows,
    q.limit,
    (r) => {
      const own = callsOf(r.visitId);
      const call = own.find((t) => t.kind === 'confirmation_call');
      const escalated = own.some((t) => t.kind === 'confirmation_escalation');
      const status: z.infer<typeof ConfirmationStatus> = r.confirmed
        ? 'confirmed'
        : escalated
          ? 'not_reached'
          : call?.status === 'open'
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
        confirmation: { status, calls: call?.attempts ?? 0 },
        arrived: r.arrivedAt !== null,
        arrivedAt: iso(r.arrivedAt),
        noShowFlagged: r.arrivedAt === null && own.some((t) => t.kind === 'no_show'),
        stage: Stage.catch('booked').parse(r.stage),
        openCampaigns: campaigns.get(r.vin) ?? [],
      };
    },
    (r) => encodeTimestampCursor(r.key, r.visitId),
  );
  return {
    date: q.date,
    timeZone: q.timeZone,
    ...result,
    capacity: capacityPerHour(q.date, calendar, setting, booked, q.timeZone),
  };
}
