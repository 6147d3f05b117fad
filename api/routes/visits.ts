import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowNotFoundError } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { visits } from '../../db/schema.js';
import { NewVisit } from '../../domain/visit.js';
import { stateQuery } from '../../workflows/messages.js';
import { AppError, ErrorBody } from '../errors.js';
import { allowedPolicy, openVisit } from '../open-visit.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { dependency } from '../unavailable.js';

const VisitId = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const VisitView = z
  .object({ visitId: z.string(), record: z.record(z.string(), z.unknown()), state: z.unknown().nullable() })
  .openapi('Visit');
const Created = z.object({ visitId: z.string(), stage: z.string() }).openapi('VisitCreated');

export const visitRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/visits',
      tags: ['visits'],
      summary: 'Open a walk-in visit: the vehicle is at reception now',
      request: { body: jsonBody(NewVisit, 'Customer, vehicle, advisor and requests') },
      responses: {
        201: jsonResponse(Created, 'The visit workflow is running'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
        503: jsonResponse(ErrorBody, 'Temporal or the database is unreachable; nothing was written'),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const started = await openVisit(c.var.deps, body, 'walk_in', undefined, allowedPolicy(c.var.settings, body));
      return c.json({ visitId: started.visitId, stage: 'reception' }, 201);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/visits/{id}',
      tags: ['visits'],
      summary: "A visit: its record and the workflow's live state",
      request: { params: VisitId },
      responses: {
        200: jsonResponse(VisitView, 'The visit'),
        404: jsonResponse(ErrorBody, 'No visit has this id'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { database, temporal } = c.var.deps;
      const [record] = await dependency('database', () => database.db.select().from(visits).where(eq(visits.id, id)).limit(1));
      if (!record) throw new AppError('not_found', `No visit with id ${id}`);
      const state = await dependency('temporal', async () => {
        try {
          return await temporal.workflow.getHandle(id).query(stateQuery);
        } catch (err) {
          if (err instanceof WorkflowNotFoundError) return null;
          throw err;
        }
      });
      return c.json({ visitId: id, record, state }, 200);
    },
  );
