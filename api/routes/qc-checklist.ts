import { createRoute } from '@hono/zod-openapi';
import { requireReader } from '../auth.js';
import { ErrorBody } from '../errors.js';
import { jsonResponse, router, VisitIdParam } from '../openapi.js';
import { QcChecklist, visitChecklist } from '../queries/qc-checklist.js';
import { dependency } from '../unavailable.js';

// The maintenance checklist a visit is checked against at quality control [S1.7] (`record_qc` records it).

export const qcChecklistRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/visits/{id}/qc-checklist',
    middleware: [requireReader('qcChecklist')],
    tags: ['visits'],
    summary: "The maintenance checklist of the packages on the visit's approved lines, as quality control records it",
    description:
      'Every staff role. `record_qc` must record each item (`checklist`) for the vehicle to pass; a failed item sends it ' +
      'back to repair, named to the service manager and on the timeline.',
    request: { params: VisitIdParam },
    responses: {
      200: jsonResponse(
        QcChecklist,
        'The items every vehicle is checked on (the wash), then the items of each package on the visit',
      ),
      400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
      404: jsonResponse(ErrorBody, 'No visit has this id'),
      503: jsonResponse(ErrorBody, 'The database is unreachable'),
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await dependency('database', () => visitChecklist(c.var.deps.database.db, id)), 200);
  },
);
