// The embedded stack under test, in its own process as `npm start` runs it: the Temporal dev server on free
// ports with a SQLite file in a temp dir, the database, the app's worker, the ceiling worker and the API.
// bench/run.ts forks it and talks to it over IPC; nothing here listens beyond 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  Client,
  Connection,
  type ConnectionOptions,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
} from '@temporalio/client';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { sql } from 'drizzle-orm';
import { createActivities } from '../activities/index.js';
import type { ApiDeps } from '../api/deps.js';
import { serveApi } from '../api/serve.js';
import { technicians } from '../db/schema.js';
import { workerApprovalLinks } from '../runtime/approval-links.js';
import { loadConfig } from '../runtime/config.js';
import { type DevServer, searchAttributeArgs, startDevServer, waitForPort } from '../runtime/dev-server.js';
import { log } from '../runtime/log.js';
import { openConfiguredDatabase } from '../runtime/stack.js';
import { connectionOptions, connectWorker } from '../runtime/temporal.js';
import { temporalCliPath } from '../runtime/tools.js';
import { channelFor, createWorker } from '../worker.js';
import { buildBenchBundles } from './bundles.js';
import { explainListQueries } from './explain.js';
import { runSkeleton } from './lifecycle.js';
import { fired, park, rowsOf, stopParking } from './parked.js';
import { freePort } from './ports.js';
import { bytesUnder, cpuMsOf, pidWithArg, rssOf, treeCpuMsOf } from './process-stats.js';
import type { ChildMessage, Command, MemoryReport, ParentMessage } from './protocol.js';
import { BENCH_TECHNICIANS } from './visit-steps.js';

const started = performance.now();

/** The activities a skeleton visit calls, by the app's names, each doing nothing; counted to know when it settled. */
let skeletonActivityCalls = 0;
const noop = async () => {
  skeletonActivityCalls++;
};

/**
 * Workflow queries the API (its routes and the screens it serves) sends to Temporal, counted on the gRPC channel
 * of the API's own client: the bench's drivers use a connection of their own, so only the app's reads count.
 */
const QUERY_METHOD = '/temporal.api.workflowservice.v1.WorkflowService/QueryWorkflow';
let workflowQueries = 0;
type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number];
const retry = makeGrpcRetryInterceptor(defaultGrpcRetryOptions());
/** Counts, then hands the call to the SDK's default retry interceptor (which a custom list replaces). */
const countQueries: GrpcInterceptor = (options, nextCall) => {
  if (options.method_definition.path === QUERY_METHOD) workflowQueries++;
  return retry(options, nextCall);
};
const send = (message: ChildMessage) => process.send?.(message);
const progress = (text: string) => send({ type: 'progress', text });

/**
 * Same flags as runtime/dev-server.ts plus BENCH_TEMPORAL_ARGS, only for measuring a server setting (e.g.
 * SQLite pragmas) before proposing it; without extra args the bench uses startDevServer itself.
 */
async function startTunedDevServer(dataDir: string, port: number, uiPort: number, extra: string[]): Promise<DevServer> {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort)];
  args.push('--namespace', 'default', '--db-filename', join(dataDir, 'temporal.db'), '--log-level', 'error');
  const child: ChildProcess = spawn(temporalCliPath(), [...args, ...searchAttributeArgs(), ...extra], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await waitForPort(port, '127.0.0.1', 30_000);
  return {
    address: `127.0.0.1:${port}`,
    uiUrl: `http://127.0.0.1:${uiPort}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function main() {
  const env = process.env;
  const dataDir = env.BENCH_DATA_DIR;
  if (!dataDir) throw new Error('BENCH_DATA_DIR is not set: run the bench with `npm run bench`');
  const workerOverrides = JSON.parse(env.BENCH_WORKER_OPTIONS || '{}') as Partial<WorkerOptions>;
  const temporalExtraArgs = env.BENCH_TEMPORAL_ARGS ? env.BENCH_TEMPORAL_ARGS.split(' ').filter(Boolean) : [];
  const [port, uiPort] = [await freePort(), await freePort()];
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: env.BENCH_STACK_DATABASE_URL,
    DATABASE_POOL_SIZE: env.BENCH_POOL_SIZE,
    TEMPORAL_DEV_PORT: String(port),
    TEMPORAL_DEV_UI_PORT: String(uiPort),
  });
  const devServer =
    temporalExtraArgs.length > 0
      ? await startTunedDevServer(dataDir, port, uiPort, temporalExtraArgs)
      : await startDevServer({ dataDir, port, uiPort, namespace: config.TEMPORAL_NAMESPACE, log });
  process.once('exit', () => void devServer.stop());
  const sqlitePath = join(dataDir, 'temporal.db');
  const temporalPid = pidWithArg(sqlitePath);

  const database = await openConfiguredDatabase(config);
  await database.db.insert(technicians).values(BENCH_TECHNICIANS).onConflictDoNothing();

  // connectClient's client, with the query counter on its channel.
  const temporal = new Client({
    connection: await Connection.connect({
      ...(await connectionOptions(devServer.address, config)),
      interceptors: [countQueries],
    }),
    namespace: config.TEMPORAL_NAMESPACE,
  });
  const bundles = buildBenchBundles(join(dataDir, 'bundles'));
  const connection = await connectWorker(devServer.address, config);
  const channel = channelFor(config);
  // Without overrides this is exactly the app's worker; with BENCH_WORKER_OPTIONS the same options plus the
  // ones under test (createWorker takes none), so a tuning can be measured before it is proposed.
  const worker =
    Object.keys(workerOverrides).length === 0
      ? await createWorker({
          connection,
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          db: database.db,
          channel,
          approvalLinks: workerApprovalLinks(config),
          workflowBundlePath: bundles.app,
        })
      : await Worker.create({
          connection,
          namespace: config.TEMPORAL_NAMESPACE,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          workflowBundle: { codePath: bundles.app },
          activities: createActivities(database.db, channel, workerApprovalLinks(config)),
          shutdownGraceTime: '10 seconds',
          ...workerOverrides,
        });
  const ceilingTaskQueue = 'bench-ceiling';
  const ceilingWorker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: ceilingTaskQueue,
    workflowBundle: { codePath: bundles.ceiling },
  });
  const skeletonTaskQueue = 'bench-skeleton';
  const appActivities = createActivities(database.db, channel, workerApprovalLinks(config));
  const skeletonWorker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: skeletonTaskQueue,
    workflowBundle: { codePath: bundles.skeleton },
    activities: Object.fromEntries(Object.keys(appActivities).map((name) => [name, noop])),
  });
  // Drives the skeleton visits from this process on a connection of its own, as the API drives whole visits.
  const skeletonDriver = new Client({
    connection: await Connection.connect(await connectionOptions(devServer.address, config)),
    namespace: config.TEMPORAL_NAMESPACE,
  });
  const referenceRuns = Promise.all([ceilingWorker.run(), skeletonWorker.run()]);
  const runs = Promise.all([worker.run(), referenceRuns]);
  runs.catch((err) => {
    log.error({ err }, 'bench: a worker failed');
    process.exit(1);
  });
  const deps: ApiDeps = { database, temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, temporalUiUrl: devServer.uiUrl };
  const api = await serveApi(deps, config);

  const postgresPid = process.env.BENCH_PG_PID ? Number(process.env.BENCH_PG_PID) : null;
  const memory = (): MemoryReport => {
    const usage = process.memoryUsage();
    return {
      rssBytes: usage.rss,
      heapUsedBytes: usage.heapUsed,
      externalBytes: usage.external,
      cachedWorkflows: worker.getStatus().numCachedWorkflows,
      temporalServerRssBytes: rssOf(temporalPid),
      sqliteBytes: bytesUnder(sqlitePath) + bytesUnder(`${sqlitePath}-wal`) + bytesUnder(`${sqlitePath}-shm`),
      pgliteBytes: database.kind === 'pglite' ? bytesUnder(join(dataDir, 'pglite')) : null,
      stackCpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
      temporalServerCpuMs: cpuMsOf(temporalPid),
      databaseCpuMs: treeCpuMsOf(postgresPid),
    };
  };

  // The ceiling and skeleton workers are the bench's references, not part of a shop's stack: once compared
  // with, they stop, so what the parked visits cost is measured in the process a shop runs (worker and API).
  let referencesRetired = false;
  const retireReferences = async () => {
    if (!referencesRetired) {
      referencesRetired = true;
      ceilingWorker.shutdown();
      skeletonWorker.shutdown();
    }
    await referenceRuns;
  };

  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= shutdown());
  const shutdown = async () => {
    stopParking();
    await api.close();
    worker.shutdown();
    await retireReferences();
    await runs;
    await connection.close();
    await temporal.connection.close();
    await database.close();
    await devServer.stop();
  };

  const handle = async (command: Command): Promise<unknown> => {
    switch (command.cmd) {
      case 'memory':
        return memory();
      case 'skeleton':
        return runSkeleton(skeletonDriver, skeletonTaskQueue, command.compiled, command.count, command.concurrency);
      case 'queries':
        return { queries: workflowQueries, skeletonActivityCalls };
      case 'retireReferences': {
        const before = memory().rssBytes;
        await retireReferences();
        return { before, after: memory().rssBytes };
      }
      case 'park':
        return park(deps, command.request, (text) =>
          progress(
            `${text}; stack RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB, ${worker.getStatus().numCachedWorkflows} workflows cached`,
          ),
        );
      case 'fired':
        return fired(deps, command.dueAtMs, command.expected);
      case 'busiestDay': {
        const rows = rowsOf(
          await database.db.execute(
            sql`select to_char(appointment_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as n from visits where appointment_at is not null group by 1 order by 2 desc, 1 limit 1`,
          ),
        );
        return rows[0] ?? null;
      }
      case 'counts': {
        const rows = rowsOf(
          await database.db.execute(
            sql`select (select count(*) from visits)::int as visits, (select count(*) from tasks)::int as tasks, (select count(*) from visit_events)::int as events`,
          ),
        );
        return rows[0];
      }
      case 'explain':
        return explainListQueries(database, command.date, command.stages);
      case 'stop':
        await stop();
        setImmediate(() => process.exit(0));
        return null;
    }
  };

  process.on('message', (message: ParentMessage) => {
    handle(message.command).then(
      (result) => send({ type: 'reply', id: message.id, ok: true, result }),
      (err: unknown) =>
        send({
          type: 'reply',
          id: message.id,
          ok: false,
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    );
  });
  // The parent went away: do not leave a dev server behind.
  process.on('disconnect', () => void stop().finally(() => process.exit(0)));

  send({
    type: 'ready',
    info: {
      apiUrl: api.url,
      temporalAddress: devServer.address,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      ceilingTaskQueue,
      databaseKind: database.kind,
      startupMs: Math.round(performance.now() - started),
      workerOptions: workerOverrides,
      temporalExtraArgs,
    },
  });
}

main().catch((err) => {
  log.error({ err }, 'bench stack failed to start');
  process.exit(1);
});
