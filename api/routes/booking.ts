import { createRoute, z } from '@hono/zod-openapi';
import { lockBookingDay, webBookingOf } from '../../db/booking.js';
import { webBookings } from '../../db/schema.js';
import { DayClosedReason } from '../../domain/booking.js';
import { customerCancelReason } from '../../domain/entry-words.js';
import { Language } from '../../domain/language.js';
import { localDate, localTime } from '../../domain/local-time.js';
import { Stage } from '../../domain/stages.js';
import { multilineText, text } from '../../domain/text.js';
import { clip } from '../../domain/text-rules.js';
import { InstantInput, toIso } from '../../domain/time.js';
import { CustomerInput, VehicleInput } from '../../domain/visit.js';
import type { BookingClaims } from '../../runtime/booking-links.js';
import {
  advisorForDay,
  bookingCalendar,
  checkSlotFree,
  holdingPlace,
  RequestedService,
  requestedWork,
  slotsOf,
} from '../booking.js';
import { AppError, ErrorBody } from '../errors.js';
import { idempotentUpdate } from '../idempotency.js';
import { allowedPolicy, openVisit } from '../open-visit.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { customerLanguage } from '../queries/approval-links.js';
import { LocalDate } from '../queries/params.js';
import type { ApiSettings } from '../settings.js';
import { dependency } from '../unavailable.js';
import { actOn, visitState } from '../visit-workflow.js';

// Online booking [S1.1]: the free slots of a day, the customer's own booking (a normal visit workflow, opened as the
// front desk opens one), and the signed link its confirmation carries to see, move or cancel it. No login; the
// routes are rate-limited per client address (api/app.ts).

const SERVICE_PATTERN = /^(package|labour_operation):[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

const SlotsQuery = z.object({
  date: LocalDate,
  services: text(1000).optional().meta({
    description: 'The services asked for, comma-separated `package:<code>` or `labour_operation:<code>`',
    example: 'package:SVC-12M,labour_operation:BRAKE-PADS',
  }),
});

const Slot = z.object({
  startsAt: z.string().meta({ description: 'The slot’s start (UTC); send it as `slot` to book it' }),
  time: z.string().meta({ description: 'HH:MM in the shop’s time zone', example: '09:30' }),
  free: z.number().int().meta({ description: 'Places left in the slot' }),
});

const BookingSlots = z
  .object({
    date: z.string(),
    timeZone: z.string(),
    slotMinutes: z.number().int(),
    requestedHours: z.number().meta({ description: 'Flat-rate hours of the services asked for' }),
    workshopHoursLeft: z.number().meta({ description: 'Workshop hours the day can still take from online bookings' }),
    reason: DayClosedReason.nullable().meta({ description: 'Why the day has no slot, when it has none' }),
    slots: z.array(Slot),
  })
  .openapi('BookingSlots');

const NewBooking = z
  .object({
    services: z.array(RequestedService).min(1).max(10).meta({ description: 'What the customer asks for, from the price list' }),
    slot: InstantInput.meta({ description: 'The start of a free slot (`startsAt` of GET /booking/slots)' }),
    customer: CustomerInput.pick({ name: true, phone: true, email: true, preferredChannel: true })
      .extend({
        language: Language.optional().meta({ description: 'The language of the confirmation and the booking link' }),
      })
      .strict(),
    vehicle: VehicleInput.pick({ vin: true, plate: true, model: true }).strict(),
    notes: multilineText(500).optional().meta({ description: 'Anything the advisor should know' }),
  })
  // What the customer typed is refused by name rather than dropped when a field is misspelt.
  .strict()
  .openapi('NewBooking');

const BookingCreated = z
  .object({ visitId: z.string(), stage: z.literal('booked'), appointmentAt: z.string(), requestedServices: z.array(z.string()) })
  .openapi('BookingCreated');

const LinkToken = z.object({
  token: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,2048}$/, 'expected the token of a booking link')
    .openapi({ param: { name: 'token', in: 'path' }, description: 'The token of the link the booking’s confirmation carries' }),
});

const BookingView = z
  .object({
    visitId: z.string(),
    stage: Stage,
    changeable: z.boolean().meta({ description: 'The booking can still be moved or cancelled on the link' }),
    appointmentAt: z.string().nullable(),
    timeZone: z.string(),
    customerName: z.string(),
    plate: z.string(),
    model: z.string(),
    requestedServices: z.array(z.string()),
    services: z.array(RequestedService).meta({ description: 'The price-list entries booked online (none for a desk booking)' }),
    workshopHours: z.number().meta({ description: 'Flat-rate hours booked online (0 for a booking made at the desk)' }),
    language: Language.nullable(),
  })
  .openapi('BookingView');

const Reschedule = z
  .object({ slot: InstantInput.meta({ description: 'The start of a free slot (`startsAt` of GET /booking/slots)' }) })
  .openapi('BookingReschedule');

const Cancel = z
  .object({ reason: multilineText(1000).optional().meta({ description: 'Why, if the customer wants to say' }) })
  .openapi('BookingCancel');

const linkErrors = {
  401: jsonResponse(ErrorBody, 'The link is not valid (tampered with, or not a booking link)'),
  404: jsonResponse(ErrorBody, 'The booking is no longer on record'),
  410: jsonResponse(ErrorBody, 'The link has expired'),
  429: jsonResponse(ErrorBody, 'Too many requests from this address'),
  503: jsonResponse(ErrorBody, 'Temporal or the database is unreachable; nothing was recorded'),
};

/** `package:CODE,labour_operation:CODE` → the services, refusing anything else by the parameter's name. */
function parseServices(list: string | undefined): { kind: 'package' | 'labour_operation'; code: string }[] {
  const parts = (list ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length > 10)
    throw new AppError('invalid_request', 'Invalid query: services: at most 10 services', {
      fields: [{ field: 'services', message: 'at most 10 services' }],
    });
  return parts.map((p) => {
    if (!SERVICE_PATTERN.test(p)) {
      const message = `expected package:<code> or labour_operation:<code>, got ${clip(p, 40)}`;
      throw new AppError('invalid_request', `Invalid query: services: ${message}`, { fields: [{ field: 'services', message }] });
    }
    const [kind, code] = p.split(':') as ['package' | 'labour_operation', string];
    return { kind, code };
  });
}

const linkOf = (link: BookingClaims | undefined) => {
  if (!link) throw new AppError('unauthenticated', 'The link is not valid');
  return link;
};

export const bookingRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/booking/slots',
      tags: ['booking'],
      summary: 'The free booking slots of a day for the services asked for (public)',
      description:
        'Opening hours cut into slots (`GET/PUT /booking-capacity`), without the slots already full of appointments and, ' +
        'when the services’ flat-rate hours no longer fit the day’s workshop hours, without any slot of that day.',
      request: { query: SlotsQuery },
      responses: {
        200: jsonResponse(BookingSlots, 'The day’s free slots, earliest first'),
        400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
        422: jsonResponse(ErrorBody, 'A service is not on the price list; the error names it'),
        429: jsonResponse(ErrorBody, 'Too many requests from this address'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const db = c.var.deps.database.db;
      const calendar = await dependency('database', () => bookingCalendar(db, c.var.settings));
      const work = await dependency('database', () => requestedWork(db, parseServices(q.services), 'services'));
      const day = await dependency('database', () => slotsOf(db, q.date, calendar, work.hours));
      return c.json(
        {
          ...day,
          requestedHours: work.hours,
          slots: day.slots.map((s) => ({ startsAt: toIso(s.startsAt), time: localTime(s.startsAt, day.timeZone), free: s.free })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/booking',
      tags: ['booking'],
      summary: 'The customer books services in a free slot (public): a visit workflow starts at `booked`',
      description:
        'Opened exactly like a front-desk booking (`POST /appointments`), with the least-booked active advisor of the day. ' +
        'The slot is checked again while the day is locked, so of two customers on its last place exactly one gets it. ' +
        'The visit confirms the booking on the customer’s channel with a signed link to see, move or cancel it.',
      request: { body: jsonBody(NewBooking, 'The services, the slot, the customer and the vehicle') },
      responses: {
        201: jsonResponse(BookingCreated, 'Booked; the visit workflow is running'),
        400: jsonResponse(ErrorBody, 'A field is invalid (or the time is no slot of the shop); the error names it'),
        409: jsonResponse(ErrorBody, 'The slot or the day is full, or the car is already booked that day; pick another time'),
        422: jsonResponse(ErrorBody, 'A service is not on the price list; the error names it'),
        429: jsonResponse(ErrorBody, 'Too many requests from this address'),
        503: jsonResponse(ErrorBody, 'Temporal or the database is unreachable; nothing was written'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const db = c.var.deps.database.db;
      const calendar = await dependency('database', () => bookingCalendar(db, c.var.settings));
      const at = Date.parse(body.slot);
      const appointmentAt = toIso(at);
      const date = localDate(at, calendar.timeZone);
      const work = await dependency('database', () => requestedWork(db, body.services, 'services', body.vehicle.model));
      // A refusal before anything is locked for the common case; the one that counts runs again under the lock.
      await dependency('database', () => checkSlotFree(db, at, calendar, work.hours, 'slot'));
      const advisorId = await dependency('database', () => advisorForDay(db, date, calendar.timeZone));
      const visit = {
        customer: body.customer,
        vehicle: body.vehicle,
        advisorId,
        requestedServices: body.notes ? [...work.descriptions, body.notes] : work.descriptions,
        // The picked packages and operations are the visit's jobs: their parts are reserved the day before.
        requestedJobs: body.services.map((s) => s.code),
      };
      const started = await openVisit(
        c.var.deps,
        visit,
        'appointment',
        appointmentAt,
        allowedPolicy(c.var.settings, visit),
        'customer:web',
        {
          refuseDuplicate: { timeZone: calendar.timeZone },
          shopCountry: c.var.settings.shopCountry,
          timeZone: calendar.timeZone,
          online: {
            async hold(tx) {
              await lockBookingDay(tx, date);
              await checkSlotFree(tx, at, calendar, work.hours, 'slot');
            },
            async record(tx, visitId) {
              await tx.insert(webBookings).values({ visitId, services: body.services, workshopHours: work.hours });
            },
          },
        },
      );
      return c.json(
        { visitId: started.visitId, stage: 'booked' as const, appointmentAt, requestedServices: started.requestedServices },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/bookings/{token}',
      tags: ['booking'],
      summary: 'The booking the customer’s link is for: when, what, and whether it can still be changed',
      request: { params: LinkToken },
      responses: {
        200: jsonResponse(BookingView, 'The booking'),
        400: jsonResponse(ErrorBody, 'The token is malformed'),
        ...linkErrors,
      },
    }),
    async (c) => c.json(await bookingView(c.var.deps, c.var.settings, linkOf(c.var.bookingLink).visitId), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/bookings/{token}/reschedule',
      tags: ['booking'],
      summary: 'The customer moves the booking to another free slot (the visit’s `reschedule`)',
      middleware: [idempotentUpdate],
      request: { params: LinkToken, body: jsonBody(Reschedule, 'The new slot') },
      responses: {
        200: jsonResponse(BookingView, 'Moved; the booking as it now stands'),
        400: jsonResponse(ErrorBody, 'A field is invalid (or the time is no slot of the shop); the error names it'),
        409: jsonResponse(
          ErrorBody,
          'The slot is full, the car is already booked on that day, or the booking can no longer be changed online',
        ),
        ...linkErrors,
      },
    }),
    async (c) => {
      const { deps, settings } = c.var;
      const link = linkOf(c.var.bookingLink);
      const state = await changeableVisit(deps, link.visitId);
      const calendar = await dependency('database', () => bookingCalendar(deps.database.db, settings));
      const at = Date.parse(c.req.valid('json').slot);
      await holdingPlace(c, { visitId: link.visitId, vin: state.vehicle.vin, at, by: 'customer', slotIn: calendar }, () =>
        actOn(c, link.visitId, 'reschedule', {
          actor: { id: `customer:${state.customer.id}`, role: 'customer' },
          payload: { appointmentAt: toIso(at), notes: 'Moved by the customer on the booking link' },
        }),
      );
      return c.json(await bookingView(deps, settings, link.visitId), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/bookings/{token}/cancel',
      tags: ['booking'],
      summary: 'The customer cancels the booking (the visit’s `cancel`)',
      middleware: [idempotentUpdate],
      request: {
        params: LinkToken,
        body: { required: false, description: 'Optional: why', content: { 'application/json': { schema: Cancel } } },
      },
      responses: {
        200: jsonResponse(BookingView, 'Cancelled; the booking as it now stands'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        409: jsonResponse(ErrorBody, 'The booking can no longer be changed online'),
        ...linkErrors,
      },
    }),
    async (c) => {
      const { deps, settings } = c.var;
      const link = linkOf(c.var.bookingLink);
      const state = await changeableVisit(deps, link.visitId);
      const { reason } = c.req.valid('json');
      await actOn(c, link.visitId, 'cancel', {
        actor: { id: `customer:${state.customer.id}`, role: 'customer' },
        payload: { reason: customerCancelReason(reason) },
      });
      return c.json(await bookingView(deps, settings, link.visitId), 200);
    },
  );

type Deps = Parameters<typeof visitState>[0];

/** Only a booking still waiting for its day can be moved or cancelled on the link; after that, the desk helps. */
async function changeableVisit(deps: Deps, visitId: string) {
  const state = await visitState(deps, visitId);
  if (state.stage !== 'booked')
    throw new AppError('conflict', 'This booking can no longer be changed online; please call the service desk', {
      stage: state.stage,
    });
  return state;
}

async function bookingView(deps: Deps, settings: ApiSettings, visitId: string) {
  const state = await visitState(deps, visitId);
  const db = deps.database.db;
  const [booked, language] = await Promise.all([
    dependency('database', () => webBookingOf(db, visitId)),
    dependency('database', () => customerLanguage(db, state.customer.id)),
  ]);
  return {
    visitId,
    stage: state.stage,
    changeable: state.stage === 'booked',
    appointmentAt: state.appointmentAt ? toIso(Date.parse(state.appointmentAt)) : null,
    timeZone: settings.shopTimeZone,
    customerName: state.customer.name,
    plate: state.vehicle.plate,
    model: state.vehicle.model,
    requestedServices: state.requestedServices,
    services: booked?.services ?? [],
    workshopHours: booked?.workshopHours ?? 0,
    language: language ?? null,
  };
}
