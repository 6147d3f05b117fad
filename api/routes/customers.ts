import { createRoute, z } from '@hono/zod-openapi';
import { AppError, ErrorBody } from '../errors.js';
import { jsonResponse, router } from '../openapi.js';
import { CustomerFile, customerFile } from '../queries/customer-file.js';
import { Limit } from '../queries/params.js';
import { dependency } from '../unavailable.js';

const CustomerId = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' }, description: 'The customer id' }) });

export const customerRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/customers/{id}',
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
    const { database, temporal } = c.var.deps;
    const file = await dependency('database', () => customerFile({ db: database.db, temporal }, id, limit));
    if (!file) throw new AppError('not_found', `No customer with id ${id}`);
    return c.json(file, 200);
  },
);
