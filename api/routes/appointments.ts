import { createRoute, z } from '@hono/zod-openapi';
import { NEW_INPUT_ONLY } from '../../domain/input-rules.js';
import { localDate } from '../../domain/local-time.js';
import { readsAll } from '../../domain/roles.js';
import { text } from '../../domain/text.js';
import { InstantInput } from '../../domain/time.js';
import { NewVisit } from '../../domain/visit.js';
import { actingStaff, requireReader } from '../auth.js';
import { bookingCalendar } from '../booking.js';
import { ErrorBody } from '../errors.js';
import { allowedPolicy, openVisit } from '../open-visit.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { AppointmentBoard, appointmentBoard } from '../queries/appointments.js';
import { Cursor, dayZone, Limit, LocalDate, TimeZone } from '../queries/params.js';
import { checkAdvisor } from '../staff-directory.js';
import { dependency } from '../unavailable.js';

const NewAppointment = NewVisit.extend({
  appointmentAt: InstantInput.refine((at) => Date.parse(at) > Date.now(), {
    message: 'must be in the future',
    ...NEW_INPUT_ONLY,
  }).meta({
    description: 'The booked time, ISO 8601 with offset; must be in the future',
    example: '2030-03-14T09:30:00+01:00',
  }),
  confirmDuplicate: z.boolean().optional().meta({
    description: 'The vehicle already has an open booking that day: true books a second one anyway (else 409)',
  }),
  confirmClosed: z.boolean().optional().meta({
    description:
      'The time is outside the opening hours or on a day the shop is closed (GET /calendar): true books it anyway (else 409)',
  }),
}).openapi('NewAppointment');

const AppointmentCreated = z.object({ visitId: z.string(), stage: z.literal('booked') }).openapi('AppointmentCreated');

const BoardQuery = z.object({
  date: LocalDate.optional().meta({ description: 'The day to show (default: today in `tz`)' }),
  tz: TimeZone,
  advisor: text(64).optional().meta({ description: 'Only this advisor’s bookings' }),
  limit: Limit,
  cursor: Cursor,
});

export const appointmentRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/appointments',
      tags: ['appointments'],
      summary: 'Book an appointment: the visit workflow starts at `booked` and waits for the day',
      request: { body: jsonBody(NewAppointment, 'Customer, vehicle, advisor, requested services and the booked time') },
      responses: {
        201: jsonResponse(AppointmentCreated, 'Booked; the visit workflow is running'),
        400: jsonResponse(
          ErrorBody,
          'A field is invalid (e.g. the time is in the past, the advisor is not an active advisor); the error names it',
        ),
        422: jsonResponse(ErrorBody, 'A requested job is not in the catalogue; the error names it'),
        409: jsonResponse(
          ErrorBody,
          'The vehicle already has an open booking that day (`details.duplicates`); send `confirmDuplicate: true` to book anyway. ' +
            'Or the shop is closed at that time (field `confirmClosed`); send `confirmClosed: true` to book anyway. ' +
            "Or the customer named by `customer.id` is given a number another customer's file has (field `customer.phone`)",
        ),
        503: jsonResponse(ErrorBody, 'Temporal or the database is unreachable; nothing was written'),
      },
    }),
    async (c) => {
      const { appointmentAt, confirmDuplicate, confirmClosed, ...visit } = c.req.valid('json');
      const db = c.var.deps.database.db;
      const policy = allowedPolicy(c.var.settings, visit);
      await dependency('database', () => checkAdvisor(db, visit.advisorId));
      // The calendar is read here; whether the shop is open is asked last, in the visit's transaction (openVisit).
      const calendar = confirmClosed ? undefined : await dependency('database', () => bookingCalendar(db, c.var.settings));
      const started = await openVisit(c.var.deps, visit, 'appointment', appointmentAt, policy, actingStaff(c).id, {
        refuseDuplicate: confirmDuplicate ? undefined : { timeZone: c.var.settings.shopTimeZone },
        refuseClosed: calendar,
        shopCountry: c.var.settings.shopCountry,
        timeZone: c.var.settings.shopTimeZone,
      });
      return c.json({ visitId: started.visitId, stage: 'booked' as const }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/appointments',
      middleware: [requireReader('appointments')],
      tags: ['appointments'],
      summary: 'The appointment board [S1.1]: a day’s bookings in time order',
      request: { query: BoardQuery },
      responses: {
        200: jsonResponse(AppointmentBoard, 'The bookings of the day, earliest first'),
        400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tz = dayZone(q.tz, c.var.settings);
      const date = q.date ?? localDate(Date.now(), tz);
      const { db } = c.var.deps.database;
      const board = await dependency('database', () =>
        appointmentBoard(db, {
          date,
          timeZone: tz,
          advisor: q.advisor,
          limit: q.limit,
          cursor: q.cursor,
          calendar: () => bookingCalendar(db, c.var.settings),
        }),
      );
      // The foreman plans the days ahead from the bookings: the customers' numbers are the desk's.
      if (readsAll(actingStaff(c).role, 'appointments')) return c.json(board, 200);
      const items = board.items.map(({ customer, ...item }) => ({ ...item, customer: { id: customer.id, name: customer.name } }));
      return c.json({ ...board, items }, 200);
    },
  );
