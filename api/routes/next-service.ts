import { createRoute } from '@hono/zod-openapi';
import { requireReader } from '../auth.js';
import { ErrorBody } from '../errors.js';
import { jsonResponse, router, VisitIdParam } from '../openapi.js';
import { NextService, visitNextService } from '../queries/next-service.js';
import { dependency } from '../unavailable.js';

// The next maintenance the advisor tells the customer at delivery [S1.8] (`record_pickup` confirms it was told).

export const nextServiceRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/visits/{id}/next-service',
    middleware: [requireReader('nextService')],
    tags: ['visits'],
    summary: 'The next maintenance of the vehicle, approximate date and mileage, as the advisor tells it at delivery',
    description:
      'Every staff role. Before pickup it is worked out now by the rule the pickup plans it with, from the interval ' +
      "of the visit's policy, the reading at arrival and the vehicle's service history; after, the figure the pickup recorded.",
    request: { params: VisitIdParam },
    responses: {
      200: jsonResponse(NextService, 'The next service, or why it cannot be worked out yet'),
      400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
      404: jsonResponse(ErrorBody, 'No visit has this id'),
      503: jsonResponse(ErrorBody, 'The database is unreachable'),
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { db } = c.var.deps.database;
    return c.json(await dependency('database', () => visitNextService(db, id, c.var.settings.shopTimeZone)), 200);
  },
);
