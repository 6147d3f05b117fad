import { createRoute, z } from '@hono/zod-openapi';
import { jsonResponse, router } from '../openapi.js';

const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    temporal: z.enum(['up', 'down']),
    database: z.enum(['up', 'down']),
    databaseKind: z.enum(['postgres', 'pglite']),
  })
  .openapi('Health');

const withTimeout = async (work: Promise<unknown>, ms: number) => {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([work, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]);
    return 'up' as const;
  } catch {
    return 'down' as const;
  } finally {
    clearTimeout(timer);
  }
};

export const healthRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/healthz',
    tags: ['system'],
    summary: 'Temporal and database connectivity',
    responses: {
      200: jsonResponse(Health, 'Both are reachable'),
      503: jsonResponse(Health, 'Temporal or the database is down'),
    },
  }),
  async (c) => {
    const { database, temporal } = c.var.deps;
    const [temporalStatus, databaseStatus] = await Promise.all([
      withTimeout(temporal.connection.workflowService.getSystemInfo({}), 3000),
      withTimeout(database.ping(), 3000),
    ]);
    const up = temporalStatus === 'up' && databaseStatus === 'up';
    return c.json(
      {
        status: up ? ('ok' as const) : ('degraded' as const),
        temporal: temporalStatus,
        database: databaseStatus,
        databaseKind: database.kind,
      },
      up ? 200 : 503,
    );
  },
);
