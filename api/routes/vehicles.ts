import { createRoute, z } from '@hono/zod-openapi';
import { changeVehicle } from '../../db/file-records.js';
import { VehicleChange } from '../../domain/customer-file.js';
import { FRONT_DESK_ROLES } from '../../domain/roles.js';
import { Vin } from '../../domain/visit.js';
import { actingStaff, requireReader, requireRole } from '../auth.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { Vehicle, VehicleFileWithOwner, vehicleFileByVin } from '../queries/customer-file.js';
import { Limit, serializeDates } from '../queries/params.js';
import { dependency } from '../unavailable.js';

const VehicleVin = z.object({
  vin: Vin.meta({ param: { name: 'vin', in: 'path' }, description: '17-character VIN', example: 'WVWZZZ1JZXW000001' }),
});

export const vehicleRoutes = router()
  .openapi(
    createRoute({
      method: 'patch',
      path: '/vehicles/{vin}',
      tags: ['customer file'],
      summary:
        'Edit a vehicle’s file [S2]: fields sent change (null clears one), fields left out stay; each change is kept with who and when',
      middleware: [requireRole(...FRONT_DESK_ROLES)] as const,
      request: { params: VehicleVin, body: jsonBody(VehicleChange.openapi('VehicleChange'), 'The fields to change') },
      responses: {
        200: jsonResponse(Vehicle, 'The vehicle as now on file'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        404: jsonResponse(ErrorBody, 'No vehicle has this VIN'),
        503: jsonResponse(ErrorBody, 'The database is unreachable; nothing was changed'),
      },
    }),
    async (c) => {
      const { vin } = c.req.valid('param');
      const change = c.req.valid('json');
      const by = actingStaff(c).id;
      const row = await dependency('database', () => changeVehicle(c.var.deps.database.db, vin, change, by));
      if (!row) throw new AppError('not_found', `No vehicle with VIN ${vin}`);
      return c.json(serializeDates(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/vehicles/{vin}',
      middleware: [requireReader('customerFiles')],
      tags: ['customer file'],
      summary: 'A vehicle’s file [S2]: owner, service history, declined work, next service due',
      request: {
        params: VehicleVin,
        query: z.object({ limit: Limit.openapi({ description: 'At most this many history entries' }) }),
      },
      responses: {
        200: jsonResponse(VehicleFileWithOwner, 'The vehicle file'),
        400: jsonResponse(ErrorBody, 'The VIN or a query parameter is invalid; the error names it'),
        404: jsonResponse(ErrorBody, 'No vehicle has this VIN'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const { vin } = c.req.valid('param');
      const { limit } = c.req.valid('query');
      const { database } = c.var.deps;
      const file = await dependency('database', () =>
        vehicleFileByVin({ db: database.db, timeZone: c.var.settings.shopTimeZone }, vin, limit),
      );
      if (!file) throw new AppError('not_found', `No vehicle with VIN ${vin}`);
      return c.json(file, 200);
    },
  );
