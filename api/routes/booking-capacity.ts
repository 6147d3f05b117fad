import { createRoute, z } from '@hono/zod-openapi';
import { readCapacity, writeCapacity } from '../../db/booking.js';
import { BookingCapacity } from '../../domain/booking.js';
import { actingStaff, requireReader, requireRole } from '../auth.js';
import { ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { dependency } from '../unavailable.js';

// The shop's booking capacity [S1.1]: read by every staff role (the appointment board shows it per hour), set by the
// service manager. Its one writer is the PUT below.

const CapacitySetting = BookingCapacity.extend({
  updatedBy: z.string().nullable().meta({ description: 'Who set it last; null while the defaults apply' }),
  updatedAt: z.string().nullable(),
}).openapi('BookingCapacitySetting');

export const bookingCapacityRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/booking-capacity',
      middleware: [requireReader('bookingCapacity')],
      tags: ['booking'],
      summary: 'How many customers the advisors receive per slot and how many workshop hours a day online booking may fill',
      responses: {
        200: jsonResponse(CapacitySetting, 'The setting (the defaults until a manager sets it)'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => c.json(await dependency('database', () => readCapacity(c.var.deps.database.db)), 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/booking-capacity',
      tags: ['booking'],
      summary: 'Set the booking capacity (manager, admin); bookings already made stay',
      middleware: [requireRole('manager')],
      request: { body: jsonBody(BookingCapacity, 'Slot length, receptions per slot and workshop hours per day') },
      responses: {
        200: jsonResponse(CapacitySetting, 'The new setting'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const db = c.var.deps.database.db;
      await dependency('database', () => writeCapacity(db, c.req.valid('json'), actingStaff(c).id));
      return c.json(await dependency('database', () => readCapacity(db)), 200);
    },
  );
