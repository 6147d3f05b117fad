import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, inArray, ne, notExists, type SQL } from 'drizzle-orm';
import { alerts, problems } from '../../db/care-schema.js';
import { tasks, visits } from '../../db/schema.js';
import { AlertKind, AlertStatus } from '../../domain/incidents.js';
import { multilineText, text } from '../../domain/text.js';
import { actingStaff, requireReader, requireRole } from '../auth.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { serializeDates } from '../queries/params.js';
import { dependency } from '../unavailable.js';

const Row = z.record(z.string(), z.unknown());
const AlertList = z.object({ items: z.array(Row.openapi('Alert')) }).openapi('AlertList');
const ProblemList = z.object({ items: z.array(Row.openapi('Problem')) }).openapi('ProblemList');
const LIST_LIMIT = 500;
const KIND_EXPECTED = `must be one of ${AlertKind.join(', ')} (repeat the parameter for several)`;

const IdParam = z.object({
  id: text(300).meta({ param: { name: 'id', in: 'path' } }),
});

export const alertRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/alerts',
      tags: ['kpis'],
      summary:
        'Alerts, newest first: KPIs that missed their target in the daily review, records the database refused ' +
        '(the visit, complaint or rescue carried on without them), and activities failing for more than a few minutes',
      middleware: [requireReader('alerts')],
      request: {
        query: z.object({
          status: z
            .enum([...AlertStatus, 'all'])
            .default('open')
            .openapi({ description: 'Default: open. A failing activity that got through is `resolved`' }),
          kind: z
            .preprocess(
              (v) => (typeof v === 'string' ? [v] : v),
              z.array(z.enum(AlertKind, { error: KIND_EXPECTED })).max(AlertKind.length * 2, {
                error: `is given too many times; ${KIND_EXPECTED}`,
              }),
            )
            .optional()
            .openapi({
              description: 'Only these kinds (repeat the parameter): `kpi_target_missed`, `record_rejected`, `activity_failing`',
            }),
        }),
      },
      responses: {
        200: jsonResponse(AlertList, `Up to ${LIST_LIMIT} alerts`),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const { status, kind } = c.req.valid('query');
      const where: SQL | undefined = and(
        status === 'all' ? undefined : eq(alerts.status, status),
        kind === undefined ? undefined : inArray(alerts.kind, kind),
      );
      const rows = await dependency('database', () =>
        c.var.deps.database.db.select().from(alerts).where(where).orderBy(desc(alerts.createdAt)).limit(LIST_LIMIT),
      );
      return c.json({ items: rows.map(serializeDates) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/alerts/{id}/acknowledge',
      tags: ['kpis'],
      summary:
        'The alert has been seen and acted on; its task leaves the list, and a visit whose refused records are all ' +
        'acknowledged no longer needs attention',
      middleware: [requireRole('manager')],
      request: {
        params: IdParam,
        body: jsonBody(z.object({ notes: multilineText(2000).optional() }), 'What will be done'),
      },
      responses: {
        200: jsonResponse(Row.openapi('Alert'), 'Acknowledged'),
        404: jsonResponse(ErrorBody, 'No alert has this id'),
        409: jsonResponse(ErrorBody, 'Already acknowledged'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { notes } = c.req.valid('json');
      const staff = actingStaff(c);
      const db = c.var.deps.database.db;
      const at = new Date();
      const updated = await dependency('database', () =>
        db.transaction(async (tx) => {
          const [row] = await tx
            .update(alerts)
            .set({ status: 'acknowledged', acknowledgedBy: staff.id, acknowledgedAt: at })
            .where(and(eq(alerts.id, id), eq(alerts.status, 'open')))
            .returning();
          if (row?.taskId)
            await tx
              .update(tasks)
              .set({
                status: 'done',
                closedBy: staff.id,
                closedAt: at,
                outcome: { acknowledged: true, ...(notes ? { notes } : {}) },
              })
              .where(and(eq(tasks.id, row.taskId), eq(tasks.status, 'open')));
          if (row?.kind === 'record_rejected' && row.scope === 'visit' && row.subject)
            await tx
              .update(visits)
              .set({ needsAttention: false })
              .where(
                and(
                  eq(visits.id, row.subject),
                  notExists(
                    tx
                      .select({ id: alerts.id })
                      .from(alerts)
                      .where(
                        and(
                          eq(alerts.subject, row.subject),
                          eq(alerts.kind, 'record_rejected'),
                          eq(alerts.status, 'open'),
                          ne(alerts.id, row.id),
                        ),
                      ),
                  ),
                ),
              );
          return row;
        }),
      );
      if (updated) return c.json(serializeDates(updated), 200);
      const [existing] = await dependency('database', () => db.select().from(alerts).where(eq(alerts.id, id)));
      if (!existing) throw new AppError('not_found', `No alert with id ${id}`);
      throw new AppError('conflict', `The alert was already acknowledged by ${existing.acknowledgedBy}`);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/problems',
      tags: ['kpis'],
      summary: 'Problem records: recurring comebacks on one vehicle or job code, for root-cause analysis',
      middleware: [requireReader('problems')],
      request: {
        query: z.object({ status: z.enum(['open', 'closed', 'all']).default('open').openapi({ description: 'Default: open' }) }),
      },
      responses: {
        200: jsonResponse(ProblemList, `Up to ${LIST_LIMIT} problems`),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const { status } = c.req.valid('query');
      const rows = await dependency('database', () =>
        c.var.deps.database.db
          .select()
          .from(problems)
          .where(status === 'all' ? undefined : eq(problems.status, status))
          .orderBy(desc(problems.openedAt))
          .limit(LIST_LIMIT),
      );
      return c.json({ items: rows.map(serializeDates) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/problems/{id}/close',
      tags: ['kpis'],
      summary: 'Close a problem with its root cause and what was changed',
      middleware: [requireRole('manager')],
      request: {
        params: IdParam,
        body: jsonBody(z.object({ rootCause: multilineText(4000) }), 'The root cause found'),
      },
      responses: {
        200: jsonResponse(Row.openapi('Problem'), 'Closed'),
        404: jsonResponse(ErrorBody, 'No open problem has this id'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { rootCause } = c.req.valid('json');
      const staff = actingStaff(c);
      const db = c.var.deps.database.db;
      const at = new Date();
      const row = await dependency('database', () =>
        db.transaction(async (tx) => {
          const [closed] = await tx
            .update(problems)
            .set({ status: 'closed', rootCause, closedAt: at })
            .where(and(eq(problems.id, id), eq(problems.status, 'open')))
            .returning();
          if (closed?.taskId)
            await tx
              .update(tasks)
              .set({ status: 'done', closedBy: staff.id, closedAt: at, outcome: { rootCause } })
              .where(and(eq(tasks.id, closed.taskId), eq(tasks.status, 'open')));
          return closed;
        }),
      );
      if (!row) throw new AppError('not_found', `No open problem with id ${id}`);
      return c.json(serializeDates(row), 200);
    },
  );
