// Memory per cached workflow, measured alone: a fresh process with one worker on a task queue of its own,
// warmed up with a few workflows (bundle, isolate, connections), then filled with `count` parked ones; the
// workflows run on the probe's own thread so that its heap after a full collection is what they hold.
// Forked by bench/run.ts once for real booked visits and once for skeleton visits of the same shape, so the
// two figures share nothing but the Temporal dev server and are a same-run ratio.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { sql } from 'drizzle-orm';
import type { ApiDeps } from '../api/deps.js';
import { openVisit } from '../api/open-visit.js';
import { workerApprovalLinks } from '../runtime/approval-links.js';
import { loadConfig } from '../runtime/config.js';
import { historyToJson } from '../runtime/history-json.js';
import { openConfiguredDatabase } from '../runtime/stack.js';
import { connectWorker } from '../runtime/temporal.js';
import { channelFor, createWorker } from '../worker.js';
import { rowsOf, slot, syntheticVisit } from './parked.js';
import type { CacheProbeRequest, CacheProbeResult } from './protocol.js';
import { activityCount, compileSkeleton } from './skeleton-script.js';
import { skeletonVisit } from './skeleton-workflow.js';
import { pool, round, sleep } from './stats.js';

async function main() {
  const r = JSON.parse(process.env.BENCH_PROBE ?? '') as CacheProbeRequest;
  const config = loadConfig({
    NODE_ENV: 'development',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATA_DIR: r.dataDir,
    DATABASE_URL: r.databaseUrl,
  });
  const taskQueue = `bench-cache-${r.kind}-${randomUUID().slice(0, 8)}`;
  const connection = await connectWorker(r.address, config);
  const client = new Client({ connection: await Connection.connect({ address: r.address }), namespace: r.namespace });
  const database = r.kind === 'visit' ? await openConfiguredDatabase(config) : undefined;
  let skeletonCalls = 0;
  const worker =
    database !== undefined
      ? await createWorker({
          connection,
          namespace: r.namespace,
          taskQueue,
          db: database.db,
          channel: channelFor(config),
          approvalLinks: workerApprovalLinks(config),
        })
      : await Worker.create({
          connection,
          namespace: r.namespace,
          taskQueue,
          workflowsPath: fileURLToPath(new URL('./skeleton-workflow.ts', import.meta.url)),
          // The activities the script calls, by name, each doing nothing but being counted.
          activities: Object.fromEntries(
            [...new Set((r.script?.start ?? []).flatMap((b) => [...b.activities, ...b.localActivities]))].map((name) => [
              name,
              async () => {
                skeletonCalls++;
              },
            ]),
          ),
          maxCachedWorkflows: 1_000,
        });
  const running = worker.run();
  const deps: ApiDeps | undefined = database && { database, temporal: client, taskQueue, temporalUiUrl: '' };
  const now = Date.now();
  const ids: string[] = [];
  let serial = 0;
  /** Books (or starts) n more, 16 at a time, and waits until each has done what a parked one does at its start. */
  const fill = async (n: number) => {
    const target = serial + n;
    await pool(n, 16, async () => {
      const i = serial++;
      if (deps) {
        const start = await openVisit(
          deps,
          syntheticVisit('probe', i, `bench-probe-${i % 6}`),
          'appointment',
          new Date(slot(now, 7, 28, i)).toISOString(),
        );
        ids.push(start.visitId);
      } else {
        await client.workflow.start(skeletonVisit, {
          taskQueue,
          workflowId: `skeleton-probe-${randomUUID()}`,
          args: [r.script ?? { start: [], updates: [] }],
        });
      }
    });
    const deadline = Date.now() + 300_000;
    for (;;) {
      const settled = database
        ? Number(
            rowsOf(await database.db.execute(sql`select count(*)::int as n from visit_events where type = 'visit_opened'`))[0]?.n,
          ) >= target
        : skeletonCalls >= target * activityCount(r.script?.start ?? []);
      if (settled && worker.getStatus().numCachedWorkflows >= target) break;
      if (Date.now() > deadline) throw new Error(`cache probe (${r.kind}): ${target} not settled in 300 s`);
      await sleep(200);
    }
    // Timers and activities a booking runs after its opening record (the day-before call is weeks away).
    await sleep(3_000);
  };
  // The workflows run on this thread (TEMPORAL_DEBUG, set by probe-process.ts), so one full collection leaves the
  // heap holding what the cached workflows keep alive: RSS alone moved with the garbage each kind makes.
  const collect = globalThis.gc;
  if (!collect) throw new Error('the cache probe needs --expose-gc');
  const sample = () => {
    collect();
    const { rss, heapUsed } = process.memoryUsage();
    return { rssBytes: rss, heapBytes: heapUsed, cached: worker.getStatus().numCachedWorkflows };
  };
  await fill(r.warmup);
  const before = sample();
  const startedAt = performance.now();
  await fill(r.count);
  const after = sample();
  // A real booking's history, read now, is the shape the skeleton probe parks.
  const script =
    deps && ids[0] ? compileSkeleton([historyToJson(await client.workflow.getHandle(ids[0]).fetchHistory())]).script : undefined;
  const result: CacheProbeResult = {
    kind: r.kind,
    count: r.count,
    before,
    after,
    perCachedBytes: Math.round((after.heapBytes - before.heapBytes) / Math.max(1, after.cached - before.cached)),
    perCachedRssBytes: Math.round((after.rssBytes - before.rssBytes) / Math.max(1, after.cached - before.cached)),
    fillSeconds: round((performance.now() - startedAt) / 1000, 1),
    script,
  };
  process.send?.({ type: 'result', result });
  worker.shutdown();
  await running;
  await database?.close();
  await client.connection.close();
  await connection.close();
}

main().then(
  () => process.exit(0),
  (err) => {
    process.send?.({ type: 'error', error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  },
);
