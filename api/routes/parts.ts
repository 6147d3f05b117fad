import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { visits } from '../../db/schema.js';
import { visitPartsOf } from '../../db/stock.js';
import { Translations } from '../../domain/catalogue.js';
import { waitingUntil } from '../../domain/parts-rules.js';
import { requireReader } from '../auth.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonResponse, router } from '../openapi.js';
import { dependency } from '../unavailable.js';

// A visit's parts [S1.1], as the stock's one writer (db/stock.ts) recorded them: what the booking reserved the day
// before, what is short and when it is expected, what the job used.

const VisitId = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const VisitParts = z
  .object({
    visitId: z.string(),
    parts: z.array(
      z.object({
        partNumber: z.string(),
        description: z.string(),
        translations: Translations,
        needed: z.number().int().openapi({ description: 'Whole units the booked jobs need' }),
        reserved: z.number().int().openapi({ description: 'On the shelf for this visit: to pick' }),
        short: z.number().int().openapi({ description: 'Not in stock: to order' }),
        used: z.number().int().openapi({ description: 'Fitted on the completed job' }),
        expectedAt: z.string().nullable().openapi({ description: 'When what is short is expected' }),
        status: z.enum(['reserved', 'used', 'released']),
      }),
    ),
    waitingUntil: z
      .string()
      .nullable()
      .openapi({ description: 'The latest expected arrival of what is still short: the job is not planned before it' }),
  })
  .openapi('VisitParts');

export const partsRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/visits/{id}/parts',
    middleware: [requireReader('visitParts')],
    tags: ['visits'],
    summary: "A booking's parts: reserved the day before, short and expected, used on the job or released",
    request: { params: VisitId },
    responses: {
      200: jsonResponse(VisitParts, 'The parts, by part number; empty when the booking named no catalogue jobs'),
      400: jsonResponse(ErrorBody, 'The id is invalid'),
      404: jsonResponse(ErrorBody, 'No visit has this id'),
      503: jsonResponse(ErrorBody, 'The database is unreachable'),
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const db = c.var.deps.database.db;
    const [visit] = await dependency('database', () => db.select({ id: visits.id }).from(visits).where(eq(visits.id, id)));
    if (!visit) throw new AppError('not_found', `No visit with id ${id}`);
    const rows = await dependency('database', () => visitPartsOf(db, id));
    const parts = rows.map((p) => ({
      ...p,
      expectedAt: p.expectedAt?.toISOString() ?? null,
      status: z.enum(['reserved', 'used', 'released']).catch('reserved').parse(p.status),
    }));
    return c.json({ visitId: id, parts, waitingUntil: waitingUntil(parts.filter((p) => p.status === 'reserved')) }, 200);
  },
);
