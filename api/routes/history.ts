import { createRoute, z } from '@hono/zod-openapi';
import { isGrpcServiceError } from '@temporalio/client';
import { decodeOptionalSinglePayload } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { eq } from 'drizzle-orm';
import { tasks, visitEvents } from '../../db/schema.js';
import { requireReader } from '../auth.js';
import { AppError, ErrorBody } from '../errors.js';
import { rawHistory } from '../history/raw.js';
import { historyOfAllRuns } from '../history/runs.js';
import { HistoryEntry, historyTimeline } from '../history/timeline.js';
import { jsonResponse, router, VisitIdParam } from '../openapi.js';
import { Cursor, decodeCursor, encodeCursor, Limit } from '../queries/params.js';
import { dependency } from '../unavailable.js';

const GRPC_NOT_FOUND = 5;

const HistoryQuery = z.object({
  format: z
    .enum(['timeline', 'raw'])
    .default('timeline')
    .openapi({ description: 'timeline: readable entries tagged with their blueprint lane; raw: Temporal’s own history JSON' }),
  limit: Limit.openapi({ description: 'Timeline entries per page (ignored for raw)' }),
  cursor: Cursor,
});

const VisitTimeline = z
  .object({ visitId: z.string(), entries: z.array(HistoryEntry), nextCursor: z.string().nullable() })
  .openapi('VisitHistoryTimeline');

const RawHistory = z.object({ events: z.array(z.record(z.string(), z.unknown())) }).openapi('TemporalHistory', {
  description:
    'temporal.api.history.v1.History in proto3 JSON, as `temporal workflow show --output json`; a visit that ' +
    'continued as new into its aftercare run lists each run’s events in turn, each run numbering its own from 1',
});

export const historyRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/visits/{id}/history',
    tags: ['visits'],
    summary: 'The visit’s workflow history as a readable timeline, each entry tagged with its service-blueprint lane',
    description: 'Roles: manager, admin.',
    middleware: [requireReader('visitHistory')],
    request: { params: VisitIdParam, query: HistoryQuery },
    responses: {
      200: jsonResponse(
        z.union([VisitTimeline, RawHistory]),
        'The timeline (default) or, with `format=raw`, Temporal’s history JSON',
      ),
      400: jsonResponse(ErrorBody, 'The id or a query parameter is invalid; the error names it'),
      404: jsonResponse(ErrorBody, 'No visit has this id'),
      503: jsonResponse(ErrorBody, 'Temporal is unreachable'),
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { format, limit, cursor } = c.req.valid('query');
    const afterEventId = cursor === undefined ? 0 : Number(decodeCursor(cursor, `history ${id}`, ['number'])?.[0]);
    const { temporal } = c.var.deps;
    const runs = await dependency('temporal', async () => {
      try {
        return await historyOfAllRuns(temporal, id);
      } catch (err) {
        if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) throw new AppError('not_found', `No visit with id ${id}`);
        throw err;
      }
    });
    if (format === 'raw') return c.json({ events: runs.flatMap((run) => rawHistory(run).events) }, 200);

    const converter = temporal.options.loadedDataConverter;
    // Local activities' markers name the events and tasks they wrote; their words are the read model's.
    const { db } = c.var.deps.database;
    const [written, opened] = await dependency('database', () =>
      Promise.all([
        db
          .select({ seq: visitEvents.seq, type: visitEvents.type, data: visitEvents.data })
          .from(visitEvents)
          .where(eq(visitEvents.visitId, id)),
        db
          .select({ id: tasks.id, kind: tasks.kind, title: tasks.title, params: tasks.params })
          .from(tasks)
          .where(eq(tasks.visitId, id)),
      ]),
    );
    const after = await historyTimeline(
      runs,
      (payload) => decodeOptionalSinglePayload(converter, payload),
      {
        events: new Map(written.map(({ seq, ...event }) => [seq, event])),
        tasks: new Map(opened.map((task) => [task.id, task])),
      },
      { afterEventId, limit },
    );
    const entries = after.slice(0, limit);
    const last = entries[entries.length - 1];
    const nextCursor = after.length > limit && last ? encodeCursor(`history ${id}`, [last.eventId]) : null;
    return c.json({ visitId: id, entries, nextCursor }, 200);
  },
);
