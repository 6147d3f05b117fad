import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { kpiReport, storedTargets } from '../../activities/kpis.js';
import { kpiTargets } from '../../db/care-schema.js';
import { FeedbackTally } from '../../domain/feedback.js';
import { effectiveTargets, KpiTarget, TargetDirection, TargetValue, targetProblem } from '../../domain/kpi-targets.js';
import { KPI_DEFINITIONS, KpiGrouping, KpiName } from '../../domain/kpis.js';
import { kpiReview } from '../../workflows/index.js';
import { actingStaff, requireReader, requireRole } from '../auth.js';
import { AppError, ErrorBody } from '../errors.js';
import { jsonBody, jsonResponse, router } from '../openapi.js';
import { DayRangeQuery, dayRange, dayZone } from '../queries/params.js';
import { dependency } from '../unavailable.js';

const KpiValueBody = z
  .object({
    value: z.number().nullable().openapi({ description: 'null when there was nothing to measure' }),
    numerator: z.number(),
    denominator: z.number(),
    sample: z.number().int().openapi({ description: 'Cases measured' }),
  })
  .openapi('KpiValue');

const KpiReportBody = z
  .object({
    from: z.string(),
    to: z.string(),
    asOf: z.string(),
    by: KpiGrouping,
    groups: z.array(
      z.object({
        key: z.string().openapi({ description: '`shop`, the advisor id, the technician id, or `unassigned`' }),
        kpis: z.record(KpiName, KpiValueBody),
        stageTimes: z.array(z.object({ stage: z.string(), averageHours: z.number(), stays: z.number().int() })),
      }),
    ),
    targets: z.array(KpiTarget),
    definitions: z.array(
      z.object({ kpi: KpiName, title: z.string(), unit: z.string(), better: z.string(), definition: z.string() }),
    ),
  })
  .openapi('KpiReport');

const KpiQuery = DayRangeQuery.extend({
  by: z
    .enum(KpiGrouping.options)
    .default('shop')
    .openapi({ description: 'One group for the shop, or one per advisor / technician' }),
});

const definitions = KpiName.options.map((kpi) => {
  const { title, unit, better, definition } = KPI_DEFINITIONS[kpi];
  return { kpi, title, unit, better, definition };
});

const TargetBody = z
  .object({
    direction: TargetDirection,
    target: TargetValue.openapi({
      description: 'The figure to hold: a share 0–1, CSI 1–5, efficiency 0–5, declined value in cents',
    }),
    minSample: z.number().int().min(1).max(100_000).default(5),
    enabled: z.boolean().default(true),
  })
  .openapi('KpiTargetInput');

export const kpiRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/kpis',
      tags: ['kpis'],
      summary: 'Every KPI over a date range, for the shop or per advisor or technician, with targets and definitions',
      middleware: [requireReader('kpis')],
      request: { query: KpiQuery },
      responses: {
        200: jsonResponse(KpiReportBody, 'The figures'),
        400: jsonResponse(ErrorBody, 'A query parameter is invalid; the error names it'),
        503: jsonResponse(ErrorBody, 'The database is unreachable'),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const tz = dayZone(q.tz, c.var.settings);
      const { start, end } = dayRange(q.from, q.to, tz);
      const report = await dependency('database', () =>
        kpiReport(c.var.deps.database.db, {
          from: start,
          to: end,
          asOf: new Date(),
          by: q.by,
          timeZone: c.var.settings.shopTimeZone,
        }),
      );
      return c.json({ ...report, definitions }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/kpis/targets',
      tags: ['kpis'],
      summary: 'The target each KPI is judged against in the daily review',
      middleware: [requireReader('kpis')],
      responses: { 200: jsonResponse(z.object({ items: z.array(KpiTarget) }), 'Stored targets over the defaults') },
    }),
    async (c) => {
      const stored = await dependency('database', () => storedTargets(c.var.deps.database.db));
      return c.json({ items: effectiveTargets(stored) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/kpis/targets/{kpi}',
      tags: ['kpis'],
      summary: 'Set the target of one KPI',
      middleware: [requireRole('manager')],
      request: {
        params: z.object({ kpi: z.enum(KpiName.options).openapi({ param: { name: 'kpi', in: 'path' } }) }),
        body: jsonBody(TargetBody, 'The target, which side of it is good, and the fewest cases worth judging'),
      },
      responses: {
        200: jsonResponse(KpiTarget, 'Stored'),
        400: jsonResponse(ErrorBody, 'A field is invalid; the error names it'),
      },
    }),
    async (c) => {
      const { kpi } = c.req.valid('param');
      const body = c.req.valid('json');
      const problem = targetProblem(kpi, body.target);
      if (problem)
        throw new AppError('invalid_request', `Invalid body: target: ${problem}`, {
          fields: [{ field: 'target', message: problem }],
        });
      const fields = { ...body, updatedBy: actingStaff(c).id, updatedAt: new Date() };
      await dependency('database', () =>
        c.var.deps.database.db
          .insert(kpiTargets)
          .values({ kpi, ...fields })
          .onConflictDoUpdate({ target: kpiTargets.kpi, set: fields }),
      );
      return c.json({ kpi, ...body }, 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/kpis/review',
      tags: ['kpis'],
      summary: 'Run the daily KPI review now (the Temporal Schedule runs it every morning)',
      middleware: [requireRole('manager')],
      responses: {
        200: jsonResponse(
          z
            .object({
              asOf: z.string(),
              alerts: z.array(z.string()),
              problems: z.array(z.string()),
              feedback: z
                .array(FeedbackTally)
                .openapi({ description: 'Staff suggestions sent over the review window, per step, and what was decided' }),
            })
            .openapi('KpiReviewResult'),
          'Alerts raised, problems opened or updated, and the staff suggestions per step',
        ),
        503: jsonResponse(ErrorBody, 'Temporal is unreachable'),
      },
    }),
    async (c) => {
      const { temporal, taskQueue } = c.var.deps;
      const result = await dependency('temporal', () =>
        temporal.workflow.execute(kpiReview, {
          workflowId: `kpi-review-manual-${randomUUID()}`,
          taskQueue,
          args: [{}],
        }),
      );
      return c.json(result, 200);
    },
  );
