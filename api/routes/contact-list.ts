import { createRoute, z } from '@hono/zod-openapi';
import {
  addServicePoint,
  changeServicePoint,
  publicView,
  readServicePoints,
  ServicePointRefused,
  view,
} from '../../db/contact-list.js';
import {
  ContactList,
  ContactListQuery,
  NewServicePoint,
  ServicePoint,
  ServicePointChange,
  ServicePointId,
} from '../../domain/contact-list.js';
import { nearestPoints } from '../../domain/contact-list-rules.js';
import { CONTACT_LIST_EDITORS } from '../../domain/roles.js';
import { actingStaff, requireReader, requireRole } from '../auth.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { refuseImpossiblePhone } from '../phone-check.js';
import { dependency } from '../unavailable.js';

// The nationwide contact list [S3.5], the one writer of service_points: the service manager keeps it; anyone reads
// the published list (`GET /contact-list`, no login), and the hotline asks it for the points nearest a caller.

const refused = (err: unknown): never => {
  if (!(err instanceof ServicePointRefused)) throw err;
  const fields = [{ field: err.field, message: err.message }];
  throw new AppError(err.kind === 'taken' ? 'conflict' : 'unprocessable', `${err.field}: ${err.message}`, { fields });
};

const invalid = { 400: jsonResponse(ErrorBody, 'A field is invalid; the error names it') };

export const contactListRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/contact-list',
      tags: ['contact list'],
      summary: 'The service points across the country with their numbers, and those nearest a place (no login)',
      request: { query: ContactListQuery },
      responses: { 200: jsonResponse(ContactList, 'The published list'), ...invalid },
    }),
    async (c) => {
      const { near } = c.req.valid('query');
      const rows = await dependency('database', () => readServicePoints(c.var.deps.database.db, { activeOnly: true }));
      const points = rows.map(publicView);
      return c.json({ points, nearest: near ? nearestPoints(points, near) : [] }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/contact-list/points',
      middleware: [requireReader('servicePoints')],
      tags: ['contact list'],
      summary: 'Every service point on file, on the list or taken off it (every staff role)',
      responses: { 200: jsonResponse(z.array(ServicePoint), 'By region, city and name') },
    }),
    async (c) => {
      const rows = await dependency('database', () => readServicePoints(c.var.deps.database.db, { activeOnly: false }));
      return c.json(rows.map(view), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/contact-list/points',
      tags: ['contact list'],
      summary: 'Add a service point to the list: where it is, its number, whether it answers around the clock',
      middleware: [requireRole(...CONTACT_LIST_EDITORS)] as const,
      request: { body: jsonBody(NewServicePoint, 'The service point') },
      responses: {
        201: jsonResponse(ServicePoint, 'Added'),
        ...invalid,
        409: jsonResponse(ErrorBody, 'Its city already has a service point of this name'),
        422: jsonResponse(ErrorBody, 'The list is full'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      refuseImpossiblePhone('phone', body.phone, c.var.settings.shopCountry);
      const row = await dependency('database', () =>
        addServicePoint(c.var.deps.database.db, body, actingStaff(c).id).catch(refused),
      );
      return c.json(view(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/contact-list/points/{id}',
      tags: ['contact list'],
      summary: 'Change a service point, or take it off the list (active: false) or put it back',
      middleware: [requireRole(...CONTACT_LIST_EDITORS)] as const,
      request: { params: ServicePointId, body: jsonBody(ServicePointChange, 'The fields to change') },
      responses: {
        200: jsonResponse(ServicePoint, 'Changed'),
        ...invalid,
        404: jsonResponse(ErrorBody, 'No service point has this id'),
        409: jsonResponse(ErrorBody, 'Its city already has a service point of this name'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const change = c.req.valid('json');
      if (change.phone) refuseImpossiblePhone('phone', change.phone, c.var.settings.shopCountry);
      const row = await dependency('database', () =>
        changeServicePoint(c.var.deps.database.db, id, change, actingStaff(c).id).catch(refused),
      );
      if (!row) throw new AppError('not_found', `No service point with id ${id}`);
      return c.json(view(row), 200);
    },
  );
