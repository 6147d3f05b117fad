import { createRoute, z } from '@hono/zod-openapi';
import { changeCustomer } from '../../db/file-records.js';
import { CustomerChange } from '../../domain/customer-file.js';
import { FRONT_DESK_ROLES } from '../../domain/roles.js';
import { text } from '../../domain/text.js';
import { actingStaff, refuseContactSearch, requireReader, requireRole } from '../auth.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { refuseImpossiblePhone, refusingTakenPhone } from '../phone-check.js';
import { Customer, CustomerFile, customerFile } from '../queries/customer-file.js';
import { CustomerMatch, lookupCustomers } from '../queries/customer-lookup.js';
import { Limit, serializeDates } from '../queries/params.js';
import { dependency } from '../unavailable.js';

const CustomerId = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, description: 'The customer id' }) });

export const customerRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/customers',
      middleware: [requireReader('customerFiles')],
      tags: ['customer file'],
      summary: 'Find customers on file by name, phone, or a vehicle’s plate or VIN (fragments, separators ignored)',
      request: {
        query: z.object({
          q: text(100).openapi({ description: 'Name, phone, plate or VIN, or part of one', example: 'M-LN 8888' }),
          limit: Limit,
        }),
      },
      responses: {
        200: jsonResponse(z.array(CustomerMatch), 'The customers found, by name, with their vehicles'),
        400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const { q, limit } = c.req.valid('query');
      // The answer holds each customer's phone and e-mail, and the text is matched with their numbers.
      refuseContactSearch(c, 'search customers by name, phone or vehicle (their contact data)');
      const { shopCountry } = c.var.settings;
      return c.json(await dependency('database', () => lookupCustomers(c.var.deps.database.db, q, limit, shopCountry)), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/customers/{id}',
      tags: ['customer file'],
      summary:
        'Edit the customer file [S2]: fields sent change (null clears one), fields left out stay; each change is kept with who and when',
      middleware: [requireRole(...FRONT_DESK_ROLES)] as const,
      request: { params: CustomerId, body: jsonBody(CustomerChange.openapi('CustomerChange'), 'The fields to change') },
      responses: {
        200: jsonResponse(Customer, 'The customer as now on file'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        404: jsonResponse(ErrorBody, 'No customer has this id'),
        409: jsonResponse(
          ErrorBody,
          "The new phone number is on another customer's file (`details.otherCustomerId`): one number, one file",
        ),
        503: jsonResponse(ErrorBody, 'The database is unreachable; nothing was changed'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const change = c.req.valid('json');
      const by = actingStaff(c).id;
      const { shopCountry } = c.var.settings;
      if (change.phone) refuseImpossiblePhone('phone', change.phone, shopCountry);
      const row = await refusingTakenPhone('phone', () =>
        dependency('database', () => changeCustomer(c.var.deps.database.db, id, change, by, shopCountry)),
      );
      if (!row) throw new AppError('not_found', `No customer with id ${id}`);
      return c.json(serializeDates(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/customers/{id}',
      middleware: [requireReader('customerFiles')],
      tags: ['customer file'],
      summary: 'The customer file [S2]: the customer, their vehicles, service history, declined work, next service due',
      request: {
        params: CustomerId,
        query: z.object({ limit: Limit.openapi({ description: 'At most this many vehicles, and history entries per vehicle' }) }),
      },
      responses: {
        200: jsonResponse(CustomerFile, 'The customer file'),
        400: jsonResponse(ErrorBody, 'The id or a query parameter is invalid; the error names it'),
        404: jsonResponse(ErrorBody, 'No customer has this id'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { limit } = c.req.valid('query');
      const { database } = c.var.deps;
      const file = await dependency('database', () =>
        customerFile({ db: database.db, timeZone: c.var.settings.shopTimeZone }, id, limit),
      );
      if (!file) throw new AppError('not_found', `No customer with id ${id}`);
      return c.json(file, 200);
    },
  );
