import { createRoute, z } from '@hono/zod-openapi';
import { readsCustomerContact } from '../../domain/roles.js';
import { isWholePhoneNumber } from '../../domain/search.js';
import { Stage } from '../../domain/stages.js';
import { text } from '../../domain/text.js';
import { Plate } from '../../domain/visit.js';
import { actingStaff, refuseContactSearch, requireReader } from '../auth.js';
import { ErrorBody } from '../errors.js';
import { jsonResponse, router } from '../openapi.js';
import { Cursor, dayZone, Limit, LocalDate, TimeZone } from '../queries/params.js';
import { listVisits, VisitList } from '../queries/visit-list.js';
import { dependency } from '../unavailable.js';

const VisitListQuery = z.object({
  stage: Stage.optional().openapi({ description: 'Only visits at this stage' }),
  advisor: text(64).optional().meta({ description: 'Only this service advisor’s visits' }),
  date: LocalDate.optional().meta({
    description: 'Only visits of this day (in `tz`): the appointment’s day for bookings, the day it was opened for walk-ins',
  }),
  tz: TimeZone,
  plate: Plate.optional().meta({ description: 'Only this number plate (exact, case-insensitive)' }),
  q: text(100).optional().meta({
    description:
      'Find by a plate or VIN fragment (spaces, dashes and dots ignored), a phone number or part of it (for the roles that read customers’ contact data; a whole number is refused with 403 for the others), part of the customer’s name, or an RO number',
  }),
  limit: Limit,
  cursor: Cursor,
});

export const visitListRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/visits',
    middleware: [requireReader('visitList')],
    tags: ['visits'],
    summary: 'Visits from the records, newest first, filtered by stage, advisor, day, plate or a search text',
    request: { query: VisitListQuery },
    responses: {
      200: jsonResponse(VisitList, 'A page of visits, newest first'),
      400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
      403: jsonResponse(
        ErrorBody,
        "A role that does not read customers' contact data (technician, QC, foreman) searched by a whole phone number",
      ),
      503: jsonResponse(ErrorBody, 'The database is unreachable'),
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const tz = dayZone(q.tz, c.var.settings);
    // The workshop finds a visit by its plate, VIN, RO number or name, never by the customer's phone number.
    const matchPhone = readsCustomerContact(actingStaff(c).role);
    if (!matchPhone && q.q && isWholePhoneNumber(q.q, c.var.settings.shopCountry))
      refuseContactSearch(c, "search visits by a customer's phone number (search by plate, VIN, RO number or name)");
    const list = await dependency('database', () =>
      listVisits(c.var.deps.database.db, {
        stage: q.stage,
        advisor: q.advisor,
        plate: q.plate,
        search: q.q,
        matchPhone,
        date: q.date,
        timeZone: tz,
        shopCountry: c.var.settings.shopCountry,
        limit: q.limit,
        cursor: q.cursor,
      }),
    );
    return c.json(list, 200);
  },
);
