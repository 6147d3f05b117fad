import { createRoute, z } from '@hono/zod-openapi';
import { requireReader } from '../auth.js';
import { ErrorBody } from '../errors.js';
import { jsonResponse, router } from '../openapi.js';
import { Limit } from '../queries/params.js';
import { Workshop, workshopBoard } from '../queries/workshop.js';
import { dependency } from '../unavailable.js';

export const workshopRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/workshop',
    middleware: [requireReader('workshop')],
    tags: ['workshop'],
    summary: 'The workshop board: the dispatch queue in priority order with proposals, technician loads, repair and QC',
    request: { query: z.object({ limit: Limit.openapi({ description: 'At most this many entries in each list' }) }) },
    responses: {
      200: jsonResponse(Workshop, 'The workshop as it is now'),
      400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
      503: jsonResponse(ErrorBody, 'The database is unreachable'),
    },
  }),
  async (c) => {
    const { limit } = c.req.valid('query');
    const board = await dependency('database', () => workshopBoard(c.var.deps.database.db, limit, c.var.settings.shopTimeZone));
    return c.json(board, 200);
  },
);
